import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { visibleTo } from '../shared/visibility.ts';
import { selectMessages, selectVisibleReport, type ReportRow } from './queries.ts';
import { presentMessage, presentReport } from './present.ts';

/** One report with its thread; an agreement's report also carries the pre-signature consultation on file. */
export async function getReport(ctx: Ctx, id: string) {
  const row = await selectVisibleReport(ctx.db, ctx.actor, id);
  if (!row) throw AppError.notFound('Report');
  const [messages, siblings] = await Promise.all([selectMessages(ctx.db, row.id), reportsOfActionIds(ctx, row.action_id)]);
  const consultation = row.kind === 'pre_signature' ? null : siblings.find((s) => s.kind === 'pre_signature') ?? null;
  return {
    ...presentReport(row, ctx.now),
    messages: messages.map(presentMessage),
    consultation: consultation ? { id: consultation.id, state: consultation.state, answer: consultation.answer,
      answeredAt: consultation.answered_at?.toISOString() ?? null, messages: (await selectMessages(ctx.db, consultation.id)).map(presentMessage) } : null,
  };
}

async function reportsOfActionIds(ctx: Ctx, actionId: string) {
  const rows = await sql<Pick<ReportRow, 'id' | 'kind' | 'state' | 'answer' | 'answered_at'>>`
    SELECT r.id, r.kind, r.state, r.answer, r.answered_at FROM report r JOIN action a ON a.id = r.action_id
    WHERE r.action_id = ${actionId} AND ${visibleTo(ctx.actor, 'a')} ORDER BY r.submitted_at, CASE r.kind WHEN 'pre_signature' THEN 0 ELSE 1 END`.execute(ctx.db);
  return rows.rows;
}

/** Every report of an action (consultation, report or registration), with threads: what the action's page shows. */
export async function listActionReports(ctx: Ctx, actionId: string) {
  const action = await sql<{ id: string }>`SELECT a.id FROM action a WHERE a.id::text = ${actionId} AND ${visibleTo(ctx.actor, 'a')}`.execute(ctx.db);
  if (!action.rows[0]) throw AppError.notFound('Action');
  const ids = await reportsOfActionIds(ctx, action.rows[0].id);
  return { items: await Promise.all(ids.map((r) => getReport(ctx, r.id))) };
}
