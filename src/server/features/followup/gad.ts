import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/app-error.ts';
import { gadMatch } from '../shared/visibility.ts';

export interface GadRef { id: string; dpaCode: string; name: string }

/** A GAD named by id or DPA code. Unknown in a path → 404; unknown in a query or body → a problem naming the field. */
export async function resolveGad(db: Db, reference: string, field: string | null): Promise<GadRef> {
  const result = await sql<GadRef>`SELECT id, dpa_code AS "dpaCode", name FROM gad WHERE ${gadMatch(reference)}`.execute(db);
  const gad = result.rows[0];
  if (gad) return gad;
  if (!field) throw AppError.notFound('GAD');
  const message = 'Unknown GAD: give its id or DPA code';
  throw field.startsWith('query.') ? new AppError('bad_request', message, [{ field, message }]) : AppError.invalid(message, [{ field, message }]);
}
