import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { gadRef, visibleTo } from '../shared/visibility.ts';

/** Overdue is derived, never stored: past its due date and neither done nor cancelled. */
export function overdueSql(today: string): RawBuilder<boolean> {
  return sql<boolean>`(c.state IN ('pending', 'in_progress') AND c.due_on < ${today}::date)`;
}

export interface CommitmentRow {
  id: string;
  gad_id: string;
  action_id: string;
  action_title: string;
  action_type: string;
  kind: string;
  description: string;
  responsible_unit: string | null;
  responsible_person: string | null;
  responsible_user_id: string | null;
  responsible_user_name: string | null;
  automatic: boolean;
  due_on: string | null;
  state: string;
  completed_on: string | null;
  evidence_url: string | null;
  evidence_document_id: string | null;
  illustrative: boolean;
  version: number;
  overdue: boolean;
  days_overdue: number | null;
}

export function commitmentColumns(today: string) {
  return sql`c.id, c.gad_id, c.action_id, a.title AS action_title, a.type AS action_type, c.kind, c.description,
    c.responsible_unit, c.responsible_person, c.responsible_user_id,
    (SELECT ru.display_name FROM app_user ru WHERE ru.id = c.responsible_user_id) AS responsible_user_name,
    c.source_key IS NOT NULL AS automatic, c.due_on, c.state, c.completed_on, c.evidence_url, c.evidence_document_id,
    c.illustrative, c.version, ${overdueSql(today)} AS overdue,
    CASE WHEN ${overdueSql(today)} THEN (${today}::date - c.due_on) END AS days_overdue`;
}

/** A commitment is as visible as the action it comes from. */
export interface CommitmentQuery {
  gad?: string; action?: string; state?: string; overdue?: string; due_before?: string; due_after?: string;
  responsible?: string; unit?: string; kind?: string; source?: string;
}

export function commitmentFilter(actor: Actor, today: string, q: CommitmentQuery) {
  const conditions: RawBuilder<boolean>[] = [visibleTo(actor, 'a'), sql<boolean>`c.deleted_at IS NULL`];
  if (q.gad) conditions.push(sql<boolean>`c.gad_id = ${gadRef(q.gad)}`);
  if (q.action) conditions.push(sql<boolean>`c.action_id = ${q.action}`);
  if (q.state) conditions.push(sql<boolean>`c.state = ${q.state}`);
  if (q.overdue === 'true') conditions.push(overdueSql(today));
  if (q.overdue === 'false') conditions.push(sql<boolean>`NOT ${overdueSql(today)}`);
  if (q.due_before) conditions.push(sql<boolean>`c.due_on <= ${q.due_before}::date`);
  if (q.due_after) conditions.push(sql<boolean>`c.due_on >= ${q.due_after}::date`);
  // A person is an account (its id) or the free-text name recorded for people without one.
  if (q.responsible) {
    conditions.push(/^[0-9a-f-]{36}$/i.test(q.responsible)
      ? sql<boolean>`c.responsible_user_id = ${q.responsible}::uuid`
      : sql<boolean>`f_unaccent(lower(c.responsible_person)) = f_unaccent(lower(${q.responsible}))`);
  }
  if (q.unit) conditions.push(sql<boolean>`f_unaccent(lower(c.responsible_unit)) = f_unaccent(lower(${q.unit}))`);
  if (q.kind) conditions.push(sql<boolean>`c.kind = ${q.kind}`);
  if (q.source) conditions.push(sql<boolean>`a.type = ${q.source}`);
  return sql<boolean>`${sql.join(conditions, sql` AND `)}`;
}

export async function selectCommitments(db: Db, where: RawBuilder<boolean>, today: string, page: { limit: number; offset: number }) {
  const [rows, total] = await Promise.all([
    sql<CommitmentRow>`SELECT ${commitmentColumns(today)} FROM commitment c JOIN action a ON a.id = c.action_id
      WHERE ${where} ORDER BY c.due_on NULLS LAST, c.id LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
    sql<{ total: number }>`SELECT count(*)::int AS total FROM commitment c JOIN action a ON a.id = c.action_id WHERE ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: total.rows[0]?.total ?? 0 };
}

export async function selectVisibleCommitment(db: Db, actor: Actor, id: string, today: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const result = await sql<CommitmentRow>`SELECT ${commitmentColumns(today)} FROM commitment c JOIN action a ON a.id = c.action_id
    WHERE c.id = ${id} AND c.deleted_at IS NULL AND ${visibleTo(actor, 'a')}`.execute(db);
  return result.rows[0];
}

export async function selectNotes(db: Db, commitmentId: string) {
  const result = await sql<{ id: string; body: string; author_label: string | null; created_at: Date }>`
    SELECT id, body, author_label, created_at FROM commitment_note WHERE commitment_id = ${commitmentId} ORDER BY created_at, id`.execute(db);
  return result.rows;
}
