import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { prepared } from '../../db/prepared.ts';
import { gadRef } from '../shared/visibility.ts';
import type { GadListQuery } from './schema.ts';

export interface GadRow {
  id: string;
  dpa_code: string;
  name: string;
  level: string;
  parent_id: string | null;
  illustrative: boolean;
}

function gadFilter(query: GadListQuery): RawBuilder<boolean> {
  const conditions: RawBuilder<boolean>[] = [sql<boolean>`true`];
  if (query.level) conditions.push(sql<boolean>`g.level = ${query.level}`);
  if (query.parent) conditions.push(sql<boolean>`g.parent_id = ${gadRef(query.parent)}`);
  if (query.q && query.q.trim()) {
    conditions.push(sql<boolean>`f_unaccent(lower(g.name)) LIKE '%' || f_unaccent(lower(${escapeLike(query.q.trim())})) || '%' ESCAPE '\\'`);
  }
  return sql<boolean>`${sql.join(conditions, sql` AND `)}`;
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function selectGads(db: Db, query: GadListQuery) {
  const where = gadFilter(query);
  const [rows, total] = await Promise.all([
    sql<GadRow>`SELECT g.id, g.dpa_code, g.name, g.level, g.parent_id, g.illustrative FROM gad g
      WHERE ${where} ORDER BY g.dpa_code LIMIT ${query.limit} OFFSET ${query.offset}`.execute(db),
    sql<{ total: number }>`SELECT count(*)::int AS total FROM gad g WHERE ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.total ?? 0 };
}

// An id as PostgreSQL prints one (lower case): `g.id::text = ref` matched only those.
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * By id or by DPA code, whichever the reference looks like: each condition alone uses its index, where
 * `g.id::text = ref OR g.dpa_code = ref` read the whole table. A prepared statement (two shapes).
 */
export async function selectGad(db: Db, reference: string) {
  const match = UUID_TEXT.test(reference) ? sql`g.id = ${reference}::uuid` : sql`g.dpa_code = ${reference}`;
  const result = await sql<GadRow & { parent_name: string | null; parent_dpa_code: string | null }>`${prepared}
    SELECT g.id, g.dpa_code, g.name, g.level, g.parent_id, g.illustrative, p.name AS parent_name, p.dpa_code AS parent_dpa_code
    FROM gad g LEFT JOIN gad p ON p.id = g.parent_id
    WHERE ${match}`.execute(db);
  return result.rows[0];
}
