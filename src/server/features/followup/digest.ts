import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { enqueueJob } from '../../jobs/queue.ts';
import { addDays } from '../shared/dates.ts';
import { locale, say, shorten } from './texts.ts';

export const DIGEST_QUEUE = 'followup-digest';
export type DigestFrequency = 'daily' | 'weekly';

/** A daily digest looks a week ahead; a weekly one, two weeks. */
const HORIZON_DAYS: Record<DigestFrequency, number> = { daily: 7, weekly: 14 };

/** Weekly digests go out on Mondays (Ecuador's calendar). */
export function isDigestDay(frequency: DigestFrequency, today: string): boolean {
  return frequency === 'daily' || new Date(`${today}T00:00:00Z`).getUTCDay() === 1;
}

/**
 * One digest job per user and day, keyed "digest:<frequency>:<user>:<day>": however many
 * instances run the scheduler, the key lets the job exist once, and SKIP LOCKED lets one worker run it.
 */
export async function enqueueDigests(db: Db, today: string, now: Date): Promise<number> {
  const users = await sql<{ id: string; digest: DigestFrequency }>`
    SELECT u.id, coalesce(p.digest, 'daily') AS digest FROM app_user u LEFT JOIN followup_preference p ON p.user_id = u.id
    WHERE u.gad_id IS NOT NULL AND u.disabled_at IS NULL AND coalesce(p.digest, 'daily') <> 'none'
    ORDER BY u.id`.execute(db);
  let enqueued = 0;
  for (const user of users.rows) {
    if (!isDigestDay(user.digest, today)) continue;
    const created = await enqueueJob(db, DIGEST_QUEUE, { userId: user.id, date: today, frequency: user.digest },
      { uniqueKey: `digest:${user.digest}:${user.id}:${today}`, runAt: now });
    if (created) enqueued++;
  }
  return enqueued;
}

interface DigestItem { description: string; due_on: string; overdue: boolean; responsible: string | null }

/** Writes and sends one user's digest; nothing pending means no email. Returns whether it sent. */
export async function sendDigest(db: Db, mailer: Mailer, publicUrl: string, payload: { userId: string; date: string; frequency: DigestFrequency }) {
  const users = await sql<{ email: string; display_name: string; locale: string; gad_id: string; gad_name: string }>`
    SELECT u.email, u.display_name, u.locale, u.gad_id, g.name AS gad_name FROM app_user u JOIN gad g ON g.id = u.gad_id
    WHERE u.id = ${payload.userId} AND u.disabled_at IS NULL`.execute(db);
  const user = users.rows[0];
  if (!user) return false;
  const until = addDays(payload.date, HORIZON_DAYS[payload.frequency] ?? 7);
  // The user's own GAD: every commitment of it is readable to its users, whatever the action's visibility.
  const items = await sql<DigestItem>`
    SELECT c.description, c.due_on, c.due_on < ${payload.date}::date AS overdue,
      coalesce(r.display_name, c.responsible_person) AS responsible
    FROM commitment c JOIN action a ON a.id = c.action_id LEFT JOIN app_user r ON r.id = c.responsible_user_id
    WHERE c.gad_id = ${user.gad_id} AND c.deleted_at IS NULL AND a.deleted_at IS NULL
      AND c.state IN ('pending', 'in_progress') AND c.due_on <= ${until}::date
    ORDER BY c.due_on, c.id LIMIT 200`.execute(db);
  if (items.rows.length === 0) return false;
  const lang = locale(user.locale);
  const overdue = items.rows.filter((i) => i.overdue);
  const due = items.rows.filter((i) => !i.overdue);
  const line = (i: DigestItem) => say(lang, 'digestLine', { description: shorten(i.description, 120), dueOn: i.due_on, responsible: i.responsible ? ` · ${i.responsible}` : '' });
  const section = (key: 'digestOverdue' | 'digestDue', list: DigestItem[]) => (list.length ? [`${say(lang, key)} (${list.length}):`, ...list.map(line), ''] : []);
  const text = [
    say(lang, 'digestIntro', { name: user.display_name, gad: user.gad_name, today: payload.date }), '',
    ...section('digestOverdue', overdue), ...section('digestDue', due),
    say(lang, 'mailFooter', { link: `${publicUrl.replace(/\/$/, '')}/follow-up` }),
  ].join('\n');
  await mailer.send({ to: user.email, language: lang, subject: say(lang, 'digestSubject', { overdue: overdue.length, due: due.length }), text });
  return true;
}
