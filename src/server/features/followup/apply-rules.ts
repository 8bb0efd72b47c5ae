import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import { loadRecords, loadRules } from './records.ts';
import { obligationsFor, type NewAlert, type NewCommitment } from './rules.ts';
import { locale, say } from './texts.ts';

export const RULES_ACTOR: Actor = { kind: 'system', label: 'follow-up rules' };
export const NOTIFICATION_EMAIL_QUEUE = 'followup-notification-email';

/** Commitment descriptions are records, kept in the platform's main language. */
const DESCRIPTION: Record<NewCommitment['kind'], string> = {
  trip_report: 'Entregar el informe de viaje de «{title}»',
  award_lessons: 'Registrar las lecciones aprendidas de la postulación «{title}»',
  renewal: 'Decidir la renovación del convenio «{title}»',
};

async function createObligation(tx: Db, o: NewCommitment, now: Date): Promise<boolean> {
  const description = DESCRIPTION[o.kind].replace('{title}', o.title);
  const inserted = await sql<{ id: string }>`
    INSERT INTO commitment (gad_id, action_id, kind, description, responsible_user_id, due_on, state, illustrative, source_key, created_at, updated_at)
    SELECT a.gad_id, a.id, ${o.kind}, ${description}, ${o.responsibleUserId}, ${o.dueOn}::date, 'pending', a.illustrative, ${o.sourceKey}, ${now}, ${now}
    FROM action a WHERE a.id = ${o.actionId}
    ON CONFLICT (source_key) WHERE source_key IS NOT NULL DO NOTHING RETURNING id`.execute(tx);
  const id = inserted.rows[0]?.id;
  if (!id) return false;
  await recordAudit(tx, { actor: RULES_ACTOR, gadId: o.gadId, entity: 'commitment', entityId: id, operation: 'create',
    diff: { after: { kind: o.kind, description, dueOn: o.dueOn, responsibleUserId: o.responsibleUserId, rule: o.sourceKey } } });
  return true;
}

function alertText(alert: NewAlert, lang: ReturnType<typeof locale>) {
  if (alert.kind === 'renewal_alert') {
    return { title: say(lang, 'renewalTitle', { days: alert.daysLeft!, action: alert.title }), body: say(lang, 'renewalBody', { validUntil: alert.validUntil! }) };
  }
  return { title: say(lang, 'dormantTitle', { action: alert.title }), body: say(lang, 'dormantBody', { since: alert.lastActivityOn ?? '—' }) };
}

/** An alert goes to the inbox of the GAD's admins and editors, in each one's language; renewal alerts are also emailed. */
async function raiseAlert(tx: Db, alert: NewAlert, now: Date): Promise<number> {
  const users = await sql<{ id: string; locale: string }>`SELECT id, locale FROM app_user
    WHERE gad_id = ${alert.gadId} AND role IN ('gad_admin', 'gad_editor') AND disabled_at IS NULL ORDER BY id`.execute(tx);
  let raised = 0;
  for (const user of users.rows) {
    const { title, body } = alertText(alert, locale(user.locale));
    const id = await insertNotification(tx, { userId: user.id, gadId: alert.gadId, kind: alert.kind, title, body, link: `/actions/${alert.actionId}`, dedupeKey: alert.dedupeKey }, now);
    if (!id) continue;
    raised++;
    if (alert.kind === 'renewal_alert') await enqueueNotificationEmail(tx, id, now);
  }
  return raised;
}

export async function insertNotification(tx: Db, n: { userId: string; gadId: string | null; kind: string; title: string; body: string; link: string; dedupeKey: string }, now: Date) {
  const inserted = await sql<{ id: string }>`
    INSERT INTO notification (user_id, gad_id, kind, title, body, link, dedupe_key, created_at)
    VALUES (${n.userId}, ${n.gadId}, ${n.kind}, ${n.title}, ${n.body}, ${n.link}, ${n.dedupeKey}, ${now})
    ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id`.execute(tx);
  return inserted.rows[0]?.id;
}

export function enqueueNotificationEmail(tx: Db, notificationId: string, now: Date) {
  return enqueueJob(tx, NOTIFICATION_EMAIL_QUEUE, { notificationId }, { uniqueKey: `${NOTIFICATION_EMAIL_QUEUE}:${notificationId}`, runAt: now });
}

/** Applies every GAD's rules for one day. Idempotent: unique keys make a second run create nothing. */
export async function applyRules(db: Db, today: string, now: Date) {
  const [records, rulesOf] = await Promise.all([loadRecords(db, today), loadRules(db)]);
  const obligations = obligationsFor(records, rulesOf, today);
  let commitments = 0;
  let alerts = 0;
  // One transaction per obligation: one bad record cannot hold back the others.
  for (const o of obligations) {
    await db.transaction().execute(async (tx) => {
      if (o.type === 'commitment') commitments += (await createObligation(tx, o, now)) ? 1 : 0;
      else alerts += await raiseAlert(tx, o, now);
    });
  }
  return { commitments, alerts };
}
