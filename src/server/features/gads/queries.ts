import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { prepared } from '../../db/prepared.ts';
import { gadMatch, gadRef } from '../shared/visibility.ts';
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

/**
 * By id or by DPA code (`gadMatch`: one indexed condition). A prepared statement (two shapes).
 */
export async function selectGad(db: Db, reference: string) {
  const result = await sql<GadRow & { parent_name: string | null; parent_dpa_code: string | null }>`${prepared}
    SELECT g.id, g.dpa_code, g.name, g.level, g.parent_id, g.illustrative, p.name AS parent_name, p.dpa_code AS parent_dpa_code
    FROM gad g LEFT JOIN gad p ON p.id = g.parent_id
    WHERE ${gadMatch(reference, 'g')}`.execute(db);
  return result.rows[0];
}
