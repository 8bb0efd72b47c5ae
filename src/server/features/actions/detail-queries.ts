import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { visibleTo } from '../shared/visibility.ts';
import { negotiationLateral } from '../lessons/negotiation.ts';

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

export async function selectActionChildren(db: Db, actor: Actor, actionId: string) {
  const [themes, partners, delegates, roles, amounts, commitments, documents, lessons] = await Promise.all([
    sql<{ code: string; name_es: string; name_en: string; name_pt: string }>`
      SELECT th.code, th.name_es, th.name_en, th.name_pt FROM action_theme t JOIN theme th ON th.code = t.theme_code
      WHERE t.action_id = ${actionId} ORDER BY th.position`.execute(db),
    sql<{ id: string; name: string; type: string; country_code: string | null; role: string; illustrative: boolean }>`
      SELECT p.id, p.name, p.type, p.country_code, ap.role, p.illustrative
      FROM action_partner ap JOIN partner p ON p.id = ap.partner_id WHERE ap.action_id = ${actionId} ORDER BY p.name`.execute(db),
    sql<Record<string, unknown>>`SELECT name, title, organisation, country_code FROM delegate
      WHERE action_id = ${actionId} ORDER BY position`.execute(db),
    sql<Record<string, unknown>>`SELECT role, label, body, term_start, term_end FROM membership_role
      WHERE action_id = ${actionId} ORDER BY term_start NULLS LAST, role`.execute(db),
    sql<Record<string, unknown>>`SELECT kind, amount_minor, currency, partner_id, on_date FROM project_amount
      WHERE action_id = ${actionId} ORDER BY on_date NULLS LAST`.execute(db),
    sql<Record<string, unknown>>`SELECT id, kind, description, responsible_unit, responsible_person, due_on, state,
        completed_on, illustrative FROM commitment WHERE action_id = ${actionId} AND deleted_at IS NULL ORDER BY due_on NULLS LAST`.execute(db),
    sql<Record<string, unknown>>`SELECT id, kind, title, file_name, media_type, size_bytes, created_at FROM document
      WHERE action_id = ${actionId} AND deleted_at IS NULL ORDER BY created_at`.execute(db),
    // The negotiation journal has its own level (lessons/negotiation.ts): withheld fields come back NULL.
    sql<Record<string, unknown>>`SELECT l.id, l.title, l.visibility, l.negotiation_visibility, l.first_contact_channel,
        CASE WHEN ${visibleTo(actor, 'n')} THEN l.first_contact END AS first_contact,
        CASE WHEN ${visibleTo(actor, 'n')} THEN l.negotiation END AS negotiation,
        NOT ${visibleTo(actor, 'n')} AS negotiation_withheld,
        l.obstacles, l.errors, l.results, l.advice, l.applied_home, l.illustrative
      FROM lesson l ${negotiationLateral}
      WHERE l.action_id = ${actionId} AND ${visibleTo(actor, 'l')} ORDER BY l.created_at`.execute(db),
  ]);
  return {
    themes: themes.rows, partners: partners.rows, delegates: delegates.rows, roles: roles.rows,
    amounts: amounts.rows, commitments: commitments.rows, documents: documents.rows, lessons: lessons.rows,
  };
}

export async function selectHistory(db: Db, entity: string, entityId: string) {
  const result = await sql<{ id: number; at: Date; actor_label: string; operation: string; diff: unknown }>`
    SELECT id, at, actor_label, operation, diff FROM audit_log
    WHERE entity = ${entity} AND entity_id = ${entityId} ORDER BY at, id`.execute(db);
  return result.rows;
}
