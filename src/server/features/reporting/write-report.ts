import { sql } from 'kysely';
import type { Ctx, Actor } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { actorLabel, actorUserId } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { canWriteForGad } from '../actions/policy.ts';
import { visibleTo } from '../shared/visibility.ts';
import { enqueueNotificationEmail, insertNotification } from '../followup/apply-rules.ts';
import { EVENT_SIDE, kindsFor, nextState, type ReportEvent, type ReportKind, type ReportState, type Side } from './transitions.ts';
import { answerText, locale, reportNoticeTitle } from './texts.ts';
import type { SubmitReportBody } from './schema.ts';

/** The ministry (MREMH) and the cooperation agency (SETECI) act on reports; association analysts only read. */
export function isCentral(actor: Actor): boolean {
  return actor.kind === 'system' || (actor.kind === 'user' && (actor.role === 'central_analyst' || actor.role === 'platform_admin'));
}

export async function submitReport(ctx: Ctx, actionId: string, body: SubmitReportBody): Promise<string> {
  return ctx.db.transaction().execute(async (tx) => {
    const found = await sql<{ id: string; gad_id: string; type: string; visibility: string; illustrative: boolean; agreement_state: string | null }>`
      SELECT a.id, a.gad_id, a.type, a.visibility, a.illustrative, ag.state AS agreement_state
      FROM action a LEFT JOIN agreement ag ON ag.action_id = a.id
      WHERE a.id::text = ${actionId} AND ${visibleTo(ctx.actor, 'a')} FOR UPDATE OF a`.execute(tx);
    const action = found.rows[0];
    if (!action) throw AppError.notFound('Action');
    if (!canWriteForGad(ctx.actor, action.gad_id)) throw new AppError('forbidden', 'Only editors of the GAD report its actions');
    const allowed = kindsFor(action.type, action.agreement_state);
    const kind: ReportKind | undefined = body.kind ?? allowed[0];
    if (!kind || !allowed.includes(kind)) {
      throw AppError.invalid('This action cannot be reported that way', [{ field: 'body.kind',
        message: allowed.length ? `Allowed here: ${allowed.join(', ')}` : 'Only agreements and cooperation projects are reported' }]);
    }
    if (body.documentId) {
      const doc = await sql`SELECT 1 FROM document WHERE id = ${body.documentId} AND action_id = ${action.id} AND deleted_at IS NULL`.execute(tx);
      if (!doc.rows.length) throw AppError.invalid('Unknown document', [{ field: 'body.documentId', message: 'Not a document of this action' }]);
    }
    const inserted = await sql<{ id: string }>`
      INSERT INTO report (gad_id, action_id, kind, document_id, note, submitted_at, state_since, illustrative)
      VALUES (${action.gad_id}, ${action.id}, ${kind}, ${body.documentId ?? null}, ${body.note ?? null}, ${ctx.now}, ${ctx.now}, ${action.illustrative})
      ON CONFLICT (action_id, kind) DO NOTHING RETURNING id`.execute(tx);
    const id = inserted.rows[0]?.id;
    if (!id) throw AppError.conflict(`This action already has a ${kind} report`);
    // Reporting to central government means central government reads it: a GAD-only record becomes government-visible.
    if (action.visibility === 'own') {
      await sql`UPDATE action SET visibility = 'government', version = version + 1, updated_at = ${ctx.now} WHERE id = ${action.id}`.execute(tx);
      await recordAudit(tx, { actor: ctx.actor, gadId: action.gad_id, entity: 'action', entityId: action.id, operation: 'update',
        diff: { before: { visibility: 'own' }, after: { visibility: 'government' }, reason: 'reported to central government' } });
    }
    // The agreement's own field says when the ministry was told; the report is that telling.
    if (kind === 'agreement') {
      await sql`UPDATE agreement SET sent_to_ministry_on = COALESCE(sent_to_ministry_on, (${ctx.now}::timestamptz AT TIME ZONE 'America/Guayaquil')::date)
        WHERE action_id = ${action.id}`.execute(tx);
    }
    await recordAudit(tx, { actor: ctx.actor, gadId: action.gad_id, entity: 'report', entityId: id, operation: 'create',
      diff: { after: { actionId: action.id, kind, state: 'submitted', documentId: body.documentId ?? null } } });
    return id;
  });
}

export type TransitionInput =
  | { event: 'receive' | 'observe' | 'reply'; body?: string }
  | { event: 'register'; registerNumber: string; registeredOn: string }
  | { event: 'answer'; answer: 'no_objection' | 'observations'; body?: string };

interface Locked { id: string; gad_id: string; action_id: string; action_title: string; kind: ReportKind; state: ReportState; last_side: Side | null }

async function lockReport(tx: Db, actor: Actor, id: string): Promise<Locked> {
  const found = await sql<Locked>`
    SELECT r.id, r.gad_id, r.action_id, a.title AS action_title, r.kind, r.state,
           (SELECT m.author_side FROM report_message m WHERE m.report_id = r.id ORDER BY m.seq DESC LIMIT 1) AS last_side
    FROM report r JOIN action a ON a.id = r.action_id
    WHERE r.id::text = ${id} AND ${visibleTo(actor, 'a')} FOR UPDATE OF r`.execute(tx);
  const report = found.rows[0];
  if (!report) throw AppError.notFound('Report');
  return report;
}

function mayAct(actor: Actor, side: Side, gadId: string): boolean {
  return side === 'central' ? isCentral(actor) : canWriteForGad(actor, gadId);
}

/** One step of the workflow: state, its timestamp, the thread, the audit entry and the GAD's notice, in one transaction. */
export async function transitionReport(ctx: Ctx, id: string, input: TransitionInput): Promise<void> {
  const side = EVENT_SIDE[input.event];
  // Refuse by role before looking the record up, so a GAD user never learns more by calling a central action.
  if (side === 'central' && !isCentral(ctx.actor)) throw new AppError('forbidden', 'Only central government analysts act on reports');
  await ctx.db.transaction().execute(async (tx) => {
    const report = await lockReport(tx, ctx.actor, id);
    if (!mayAct(ctx.actor, side, report.gad_id)) throw new AppError('forbidden', 'Only editors of the GAD reply to observations');
    const result = nextState({ kind: report.kind, state: report.state, lastMessageSide: report.last_side }, input.event);
    if (!result.ok) throw AppError.conflict(result.reason, { state: report.state });
    const body = 'body' in input ? input.body : undefined;
    if ((input.event === 'observe' || input.event === 'reply') && !body) {
      throw AppError.invalid('Write the text', [{ field: 'body.body', message: 'Required' }]);
    }
    const stamps = new Set(result.stamps);
    const registerNumber = input.event === 'register' ? input.registerNumber : null;
    const registeredOn = input.event === 'register' ? input.registeredOn : null;
    const answer = input.event === 'answer' ? input.answer : null;
    await sql`UPDATE report SET
        state = ${result.state},
        state_since = CASE WHEN state = ${result.state} THEN state_since ELSE ${ctx.now} END,
        received_at = CASE WHEN ${stamps.has('received')} THEN COALESCE(received_at, ${ctx.now}) ELSE received_at END,
        observed_at = CASE WHEN ${stamps.has('observed')} THEN ${ctx.now} ELSE observed_at END,
        registered_at = CASE WHEN ${stamps.has('registered')} THEN ${ctx.now} ELSE registered_at END,
        answered_at = CASE WHEN ${stamps.has('answered')} THEN ${ctx.now} ELSE answered_at END,
        register_number = COALESCE(${registerNumber}, register_number),
        registered_on = COALESCE(${registeredOn}::date, registered_on),
        answer = COALESCE(${answer}, answer),
        version = version + 1
      WHERE id = ${report.id}`.execute(tx);
    if (body) {
      await sql`INSERT INTO report_message (report_id, gad_id, author_side, author_id, author_label, body, created_at)
        VALUES (${report.id}, ${report.gad_id}, ${side}, ${actorUserId(ctx.actor)}, ${actorLabel(ctx.actor)}, ${body}, ${ctx.now})`.execute(tx);
    }
    // COPLAFIN Art. 69: the agency's register number is the project's own.
    if (input.event === 'register' && report.kind === 'project') {
      await sql`UPDATE project SET register_number = ${registerNumber} WHERE action_id = ${report.action_id}`.execute(tx);
    }
    await recordAudit(tx, { actor: ctx.actor, gadId: report.gad_id, entity: 'report', entityId: report.id, operation: 'transition',
      diff: { event: input.event, before: { state: report.state }, after: { state: result.state, registerNumber, registeredOn, answer }, message: body ?? null } });
    if (input.event !== 'reply') await notifyGad(tx, report, input.event, { number: registerNumber ?? '', answer }, body, ctx.now);
  });
}

/** The GAD's admins and editors learn in their inbox, and by email, what central government did with their report. */
async function notifyGad(tx: Db, report: Locked, event: Exclude<ReportEvent, 'reply'>, values: { number: string; answer: string | null }, body: string | undefined, now: Date) {
  const users = await sql<{ id: string; locale: string }>`SELECT id, locale FROM app_user
    WHERE gad_id = ${report.gad_id} AND role IN ('gad_admin', 'gad_editor') AND disabled_at IS NULL ORDER BY id`.execute(tx);
  for (const user of users.rows) {
    const lang = locale(user.locale);
    const title = reportNoticeTitle(event, lang, { action: report.action_title, number: values.number });
    const text = [values.answer ? answerText(values.answer, lang) : '', body ?? ''].filter(Boolean).join(' ');
    const notificationId = await insertNotification(tx, { userId: user.id, gadId: report.gad_id, kind: `report_${event}`, title, body: text,
      link: `/reports/${report.id}`, dedupeKey: `report:${report.id}:${event}:${now.toISOString()}` }, now);
    if (notificationId) await enqueueNotificationEmail(tx, notificationId, now);
  }
}
