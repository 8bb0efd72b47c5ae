import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ActionListRow } from '../actions/queries.ts';

export const BATCH_SIZE = 1000;

/**
 * Walks the filtered actions in id order, one batch at a time (keyset pagination: each batch starts
 * after the last id seen), so an export of a million rows never holds more than one batch in memory.
 */
export async function* actionBatches(db: Db, where: RawBuilder<boolean>, batchSize = BATCH_SIZE): AsyncGenerator<ActionListRow[]> {
  let after: string | null = null;
  for (;;) {
    const page = await sql<ActionListRow>`
      SELECT a.id, a.gad_id, g.name AS gad_name, g.dpa_code AS gad_dpa_code, a.type, a.title, a.description,
             a.start_date::text AS start_date, a.end_date::text AS end_date, a.date_precision, a.city, a.country_code, a.visibility, a.illustrative,
             COALESCE((SELECT array_agg(t.theme_code ORDER BY t.theme_code) FROM action_theme t WHERE t.action_id = a.id), '{}') AS themes,
             COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'role', ap.role) ORDER BY p.name)
                       FROM action_partner ap JOIN partner p ON p.id = ap.partner_id WHERE ap.action_id = a.id), '[]') AS partners
      FROM action a JOIN gad g ON g.id = a.gad_id
      WHERE ${where} AND (${after}::uuid IS NULL OR a.id > ${after}::uuid)
      ORDER BY a.id LIMIT ${batchSize}`.execute(db);
    if (page.rows.length === 0) return;
    yield page.rows;
    if (page.rows.length < batchSize) return;
    after = page.rows[page.rows.length - 1]!.id;
  }
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
