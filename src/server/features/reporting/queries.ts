import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { gadRef, visibleTo } from '../shared/visibility.ts';
import type { ReportListQuery } from './schema.ts';

export interface ReportRow {
  id: string;
  gad_id: string;
  gad_name: string;
  gad_dpa_code: string;
  action_id: string;
  action_title: string;
  action_type: string;
  kind: 'agreement' | 'project' | 'pre_signature';
  state: 'submitted' | 'received' | 'observed' | 'registered' | 'answered';
  document_id: string | null;
  note: string | null;
  register_number: string | null;
  registered_on: string | null;
  answer: string | null;
  submitted_at: Date;
  received_at: Date | null;
  observed_at: Date | null;
  registered_at: Date | null;
  answered_at: Date | null;
  state_since: Date;
  signed_on: string | null;
  version: number;
}

const SELECT = sql`
  SELECT r.id, r.gad_id, g.name AS gad_name, g.dpa_code AS gad_dpa_code, r.action_id, a.title AS action_title, a.type AS action_type,
         r.kind, r.state, r.document_id, r.note, r.register_number, r.registered_on::text AS registered_on, r.answer,
         r.submitted_at, r.received_at, r.observed_at, r.registered_at, r.answered_at, r.state_since,
         ag.signed_on::text AS signed_on, r.version
  FROM report r JOIN action a ON a.id = r.action_id JOIN gad g ON g.id = r.gad_id
  LEFT JOIN agreement ag ON ag.action_id = r.action_id`;

/** A report is readable exactly when its action is: one visibility rule for the record and its trail. */
export async function selectVisibleReport(db: Db, actor: Actor, id: string): Promise<ReportRow | undefined> {
  const rows = await sql<ReportRow>`${SELECT} WHERE r.id::text = ${id} AND ${visibleTo(actor, 'a')}`.execute(db);
  return rows.rows[0];
}

/**
 * The workspace each role works in: central analysts and the platform admin every GAD, association
 * analysts their member GADs (by level), GAD users their own GAD's reports.
 */
function workspace(actor: Actor): RawBuilder<boolean> {
  if (actor.kind !== 'user') return actor.kind === 'system' ? sql<boolean>`true` : sql<boolean>`false`;
  switch (actor.role) {
    case 'platform_admin':
    case 'central_analyst':
      return sql<boolean>`true`;
    case 'association_analyst':
      return sql<boolean>`g.level = ANY(${actor.memberLevels}::text[])`;
    default:
      return actor.gadId ? sql<boolean>`r.gad_id = ${actor.gadId}` : sql<boolean>`false`;
  }
}

export function reportFilter(actor: Actor, query: Partial<ReportListQuery>, now: Date): RawBuilder<boolean> {
  const conditions: RawBuilder<boolean>[] = [visibleTo(actor, 'a'), workspace(actor)];
  if (query.state) conditions.push(sql<boolean>`r.state = ${query.state}`);
  if (query.kind) conditions.push(sql<boolean>`r.kind = ${query.kind}`);
  if (query.gad) conditions.push(sql<boolean>`r.gad_id = ${gadRef(query.gad)}`);
  if (query.older_than_days !== undefined) {
    conditions.push(sql<boolean>`r.state_since <= ${now}::timestamptz - make_interval(days => ${query.older_than_days}::int)`);
  }
  return sql<boolean>`${sql.join(conditions, sql` AND `)}`;
}

/** Oldest waiting first: the queue an analyst works through. */
export async function selectReports(db: Db, where: RawBuilder<boolean>, query: ReportListQuery) {
  const [rows, total] = await Promise.all([
    sql<ReportRow>`${SELECT} WHERE ${where} ORDER BY r.state_since, r.id LIMIT ${query.limit} OFFSET ${query.offset}`.execute(db),
    sql<{ total: number }>`SELECT count(*)::int AS total FROM report r JOIN action a ON a.id = r.action_id JOIN gad g ON g.id = r.gad_id WHERE ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.total ?? 0 };
}

export interface MessageRow { id: string; author_side: 'central' | 'gad'; author_label: string; body: string; created_at: Date }

export async function selectMessages(db: Db, reportId: string) {
  const rows = await sql<MessageRow>`SELECT id, author_side, author_label, body, created_at FROM report_message
    WHERE report_id = ${reportId} ORDER BY seq`.execute(db);
  return rows.rows;
}
