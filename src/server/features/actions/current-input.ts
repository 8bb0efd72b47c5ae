import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { actionCoreFields, kindDetails } from './present.ts';
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
  return {
    ...actionCoreFields(action),
    themes: themes.rows.map((t) => t.theme_code),
    partners: partners.rows.map((p) => ({ partnerId: p.partner_id, role: p.role })),
    details: kindDetails(action.type, kindRow, { delegates: delegates.rows, roles: roles.rows, amounts: amounts.rows }, ['action_id', 'gad_id', 'signed_document_id']),
  };
}
