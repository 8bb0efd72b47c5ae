import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ActionListRow } from '../actions/queries.ts';

export const BATCH_SIZE = 1000;

/** Where the next keyset batch starts: the first batch has no lower bound, so neither needs an `OR … IS NULL`
 * that would keep the planner from turning `a.id > last` into an index condition. */
export const afterId = (after: string | null): RawBuilder<boolean> => (after === null ? sql<boolean>`true` : sql<boolean>`a.id > ${after}::uuid`);

/**
 * One batch of the filtered actions in id order. The page is chosen first, walking an index in id order
 * (`action_gad_live_id_idx` or the primary key), then themes and partners are
 * aggregated once for the whole page with a join, instead of two correlated subqueries per row.
 */
function batchQuery(where: RawBuilder<boolean>, after: string | null, batchSize: number) {
  return sql<ActionListRow>`
    WITH page AS MATERIALIZED (
      SELECT a.id, a.gad_id, a.type, a.title, a.description, a.start_date, a.end_date, a.date_precision, a.city,
             a.country_code, a.visibility, a.illustrative
      FROM action a
      WHERE ${where} AND ${afterId(after)}
      ORDER BY a.id LIMIT ${batchSize}
    ), themes AS (
      SELECT t.action_id, array_agg(t.theme_code ORDER BY t.theme_code) AS themes
      FROM page JOIN action_theme t ON t.action_id = page.id GROUP BY t.action_id
    ), partners AS (
      SELECT ap.action_id, json_agg(json_build_object('id', p.id, 'name', p.name, 'role', ap.role) ORDER BY p.name) AS partners
      FROM page JOIN action_partner ap ON ap.action_id = page.id JOIN partner p ON p.id = ap.partner_id GROUP BY ap.action_id
    )
    SELECT page.id, page.gad_id, g.name AS gad_name, g.dpa_code AS gad_dpa_code, page.type, page.title, page.description,
           page.start_date::text AS start_date, page.end_date::text AS end_date, page.date_precision, page.city, page.country_code,
           page.visibility, page.illustrative, COALESCE(themes.themes, '{}') AS themes, COALESCE(partners.partners, '[]') AS partners
    FROM page JOIN gad g ON g.id = page.gad_id
    LEFT JOIN themes ON themes.action_id = page.id
    LEFT JOIN partners ON partners.action_id = page.id
    ORDER BY page.id`;
}

/**
 * Walks the filtered actions in id order, one batch at a time (keyset pagination: each batch starts
 * after the last id seen), so an export of a million rows never holds more than two batches in memory:
 * the next batch is already being read while the caller formats and sends this one.
 */
export async function* actionBatches(db: Db, where: RawBuilder<boolean>, batchSize = BATCH_SIZE): AsyncGenerator<ActionListRow[]> {
  let next: Promise<ActionListRow[]> | null = fetchBatch(db, where, null, batchSize);
  while (next) {
    const rows: ActionListRow[] = await next;
    next = rows.length === batchSize ? fetchBatch(db, where, rows[rows.length - 1]!.id, batchSize) : null;
    // A caller that stops early (client gone) never awaits the read ahead: its failure must not go unhandled.
    next?.catch(() => {});
    if (rows.length > 0) yield rows;
  }
}

async function fetchBatch(db: Db, where: RawBuilder<boolean>, after: string | null, batchSize: number): Promise<ActionListRow[]> {
  return (await batchQuery(where, after, batchSize).execute(db)).rows;
}

/** The flat columns every tabular export shares, in order. */
export const COLUMNS = [
  'id', 'gad_dpa_code', 'gad_name', 'type', 'title', 'description', 'start_date', 'end_date', 'date_precision',
  'city', 'country_code', 'visibility', 'illustrative', 'themes', 'partners',
] as const;

export function flatRow(row: ActionListRow): (string | boolean | null)[] {
  return [
    row.id, row.gad_dpa_code, row.gad_name, row.type, row.title, row.description, row.start_date, row.end_date, row.date_precision,
    row.city, row.country_code, row.visibility, row.illustrative, row.themes.join('; '),
    row.partners.map((p) => `${p.name} (${p.role})`).join('; '),
  ];
}

export function jsonRow(row: ActionListRow) {
  return {
    id: row.id, gad: { id: row.gad_id, name: row.gad_name, dpaCode: row.gad_dpa_code }, type: row.type, title: row.title,
    description: row.description, startDate: row.start_date, endDate: row.end_date, datePrecision: row.date_precision,
    city: row.city, country: row.country_code, visibility: row.visibility, illustrative: row.illustrative,
    themes: row.themes, partners: row.partners,
  };
}
