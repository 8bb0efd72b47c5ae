import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { camelize } from '../shared/present.ts';
import { selectKindRow } from './detail-queries.ts';
import type { actionTypes } from './schema.ts';

/** The stored action expressed as the input the write API takes, so an edit can be merged and re-validated whole. */
export async function currentInput(tx: Db, action: Record<string, any>) {
  const id = action.id as string;
  const [themes, partners, delegates, roles, amounts, kindRow] = await Promise.all([
    sql<{ theme_code: string }>`SELECT theme_code FROM action_theme WHERE action_id = ${id} ORDER BY theme_code`.execute(tx),
    sql<{ partner_id: string; role: string }>`SELECT partner_id, role FROM action_partner WHERE action_id = ${id} ORDER BY partner_id, role`.execute(tx),
    sql<Record<string, unknown>>`SELECT name, title, organisation, country_code AS country FROM delegate WHERE action_id = ${id} ORDER BY position`.execute(tx),
    sql<Record<string, unknown>>`SELECT role, label, body, term_start, term_end FROM membership_role WHERE action_id = ${id} ORDER BY term_start NULLS LAST, id`.execute(tx),
    sql<Record<string, unknown>>`SELECT kind, amount_minor, currency, partner_id, on_date FROM project_amount WHERE action_id = ${id} ORDER BY on_date NULLS LAST, id`.execute(tx),
    selectKindRow(tx, action.type as (typeof actionTypes)[number], id),
  ]);
  const details: Record<string, unknown> = camelize(kindRow, ['action_id', 'gad_id', 'signed_document_id']);
  if (action.type === 'visit' || action.type === 'participation') details.delegates = delegates.rows;
  if (action.type === 'membership') details.roles = roles.rows.map((r) => camelize(r));
  if (action.type === 'project') details.amounts = amounts.rows.map((m) => camelize(m));
  return {
    type: action.type,
    title: action.title,
    description: action.description,
    startDate: action.start_date,
    endDate: action.end_date,
    datePrecision: action.date_precision,
    city: action.city,
    country: action.country_code,
    visibility: action.visibility,
    themes: themes.rows.map((t) => t.theme_code),
    partners: partners.rows.map((p) => ({ partnerId: p.partner_id, role: p.role })),
    territorialScope: action.territorial_scope,
    motive: action.motive,
    channel: action.channel,
    governanceMode: action.governance_mode,
    sourceNote: action.source_note,
    ambiguityNote: action.ambiguity_note,
    externalId: action.external_id,
    details,
  };
}
