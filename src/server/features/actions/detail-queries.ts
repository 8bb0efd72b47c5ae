import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { prepared } from '../../db/prepared.ts';
import { visibleTo } from '../shared/visibility.ts';
import { negotiationLateral } from '../lessons/negotiation.ts';
import type { presentActionDetail } from './present.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function selectVisibleAction(db: Db, actor: Actor, id: string) {
  if (!UUID.test(id)) return undefined;
  const result = await sql<Record<string, unknown> & { id: string; type: string; gad_id: string }>`
    SELECT a.*, g.name AS gad_name, g.dpa_code AS gad_dpa_code, g.level AS gad_level
    FROM action a JOIN gad g ON g.id = a.gad_id
    WHERE a.id = ${id} AND ${visibleTo(actor, 'a')}`.execute(db);
  return result.rows[0];
}

const KIND_TABLES = {
  participation: sql`participation`,
  award: sql`award`,
  visit: sql`visit`,
  hosted_event: sql`hosted_event`,
  agreement: sql`agreement`,
  membership: sql`membership`,
  project: sql`project`,
} as const;

export async function selectKindRow(db: Db, type: keyof typeof KIND_TABLES, actionId: string) {
  const result = await sql<Record<string, unknown>>`SELECT * FROM ${KIND_TABLES[type]} WHERE action_id = ${actionId}`.execute(db);
  return result.rows[0] ?? {};
}

/** The action's own columns the detail shows (not `a.*`: the search vector alone is larger than the rest). */
const DETAIL_COLUMNS = sql`a.id, a.type, a.title, a.description, a.start_date, a.end_date, a.date_precision, a.city,
  a.country_code, a.visibility, a.territorial_scope, a.motive, a.channel, a.governance_mode, a.source_note,
  a.ambiguity_note, a.external_id, a.illustrative, a.version, a.created_at, a.updated_at, a.gad_id,
  g.name AS gad_name, g.dpa_code AS gad_dpa_code, g.level AS gad_level`;

/** A child list as one JSON array (`[]` when empty), in the order the detail shows it. */
const jsonList = (object: RawBuilder<unknown>, from: RawBuilder<unknown>, order: RawBuilder<unknown>) =>
  sql`(SELECT coalesce(json_agg(${object} ORDER BY ${order}), '[]'::json) ${from})`;

const KIND_ROW = sql`CASE a.type ${sql.join(
  Object.entries(KIND_TABLES).map(([type, table]) => sql`WHEN ${sql.lit(type)} THEN (SELECT row_to_json(k) FROM ${table} k WHERE k.action_id = a.id)`),
  sql` `,
)} END`;

// The child lists that do not depend on the caller, built once: only the lessons carry visibility rules.
const CHILD_LISTS = sql`
      ${jsonList(sql`json_build_object('code', th.code, 'name_es', th.name_es, 'name_en', th.name_en, 'name_pt', th.name_pt)`,
        sql`FROM action_theme t JOIN theme th ON th.code = t.theme_code WHERE t.action_id = a.id`, sql`th.position`)} AS themes,
      ${jsonList(sql`json_build_object('id', p.id, 'name', p.name, 'type', p.type, 'country_code', p.country_code, 'role', ap.role, 'illustrative', p.illustrative)`,
        sql`FROM action_partner ap JOIN partner p ON p.id = ap.partner_id WHERE ap.action_id = a.id`, sql`p.name`)} AS partners,
      ${jsonList(sql`json_build_object('name', d.name, 'title', d.title, 'organisation', d.organisation, 'country_code', d.country_code)`,
        sql`FROM delegate d WHERE d.action_id = a.id`, sql`d.position`)} AS delegates,
      ${jsonList(sql`json_build_object('role', r.role, 'label', r.label, 'body', r.body, 'term_start', r.term_start, 'term_end', r.term_end)`,
        sql`FROM membership_role r WHERE r.action_id = a.id`, sql`r.term_start NULLS LAST, r.role`)} AS roles,
      ${jsonList(sql`json_build_object('kind', m.kind, 'amount_minor', m.amount_minor, 'currency', m.currency, 'partner_id', m.partner_id, 'on_date', m.on_date)`,
        sql`FROM project_amount m WHERE m.action_id = a.id`, sql`m.on_date NULLS LAST`)} AS amounts,
      ${jsonList(sql`json_build_object('id', c.id, 'kind', c.kind, 'description', c.description, 'responsible_unit', c.responsible_unit,
          'responsible_person', c.responsible_person, 'due_on', c.due_on, 'state', c.state, 'completed_on', c.completed_on, 'illustrative', c.illustrative)`,
        sql`FROM commitment c WHERE c.action_id = a.id AND c.deleted_at IS NULL`, sql`c.due_on NULLS LAST`)} AS commitments,
      ${jsonList(sql`json_build_object('id', doc.id, 'kind', doc.kind, 'title', doc.title, 'file_name', doc.file_name, 'media_type', doc.media_type,
          'size_bytes', doc.size_bytes, 'created_at', to_char(doc.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`,
        sql`FROM document doc WHERE doc.action_id = a.id AND doc.deleted_at IS NULL`, sql`doc.created_at`)} AS documents`;

export interface ActionDetailRow {
  action: Record<string, unknown> & { id: string; type: string };
  kindRow: Record<string, unknown>;
  children: Parameters<typeof presentActionDetail>[2];
}

/**
 * The whole detail in one statement: the action, its kind's row and its eight child lists as JSON
 * columns, with the same conditions and orders as the ten statements (ten round trips) it replaces:
 * selectVisibleAction, selectKindRow and one per child list; json, not jsonb, so
 * keys keep their column order. The only timestamp in a child list, a document's created_at, is
 * formatted in SQL as JavaScript's toISOString() would (UTC, milliseconds truncated). Prepared
 * (db/prepared.ts): planning it cost more than running it, and its shapes are one per kind of caller.
 */
export async function selectActionDetail(db: Db, actor: Actor, id: string): Promise<ActionDetailRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const result = await sql<Record<string, unknown> & { id: string; type: string }>`${prepared}
    SELECT ${DETAIL_COLUMNS},
      ${KIND_ROW} AS kind_row,
      ${CHILD_LISTS},
      ${jsonList(sql`json_build_object('id', l.id, 'title', l.title, 'visibility', l.visibility, 'negotiation_visibility', l.negotiation_visibility,
          'first_contact_channel', l.first_contact_channel,
          'first_contact', CASE WHEN ${visibleTo(actor, 'n')} THEN l.first_contact END,
          'negotiation', CASE WHEN ${visibleTo(actor, 'n')} THEN l.negotiation END,
          'negotiation_withheld', NOT ${visibleTo(actor, 'n')},
          'obstacles', l.obstacles, 'errors', l.errors, 'results', l.results, 'advice', l.advice, 'applied_home', l.applied_home, 'illustrative', l.illustrative)`,
        sql`FROM lesson l ${negotiationLateral} WHERE l.action_id = a.id AND ${visibleTo(actor, 'l')}`, sql`l.created_at`)} AS lessons
    FROM action a JOIN gad g ON g.id = a.gad_id
    WHERE a.id = ${id} AND ${visibleTo(actor, 'a')}`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const { kind_row, themes, partners, delegates, roles, amounts, commitments, documents, lessons, ...action } = row as Record<string, any>;
  return {
    action: action as ActionDetailRow['action'],
    kindRow: kind_row ?? {},
    children: { themes, partners, delegates, roles, amounts, commitments, documents, lessons },
  };
}

export async function selectHistory(db: Db, entity: string, entityId: string) {
  const result = await sql<{ id: number; at: Date; actor_label: string; operation: string; diff: unknown }>`
    SELECT id, at, actor_label, operation, diff FROM audit_log
    WHERE entity = ${entity} AND entity_id = ${entityId} ORDER BY at, id`.execute(db);
  return result.rows;
}
