import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { gadMatch } from './visibility.ts';

export interface GadRow { id: string; dpa_code: string; name: string; level: string }

/** A GAD named by id or INEC DPA code, or undefined; each caller says what an unknown one means where it is named. */
export async function lookupGad(db: Db, reference: string): Promise<GadRow | undefined> {
  const result = await sql<GadRow>`SELECT id, dpa_code, name, level FROM gad WHERE ${gadMatch(reference)}`.execute(db);
  return result.rows[0];
}
