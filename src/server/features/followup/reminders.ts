import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { enqueueNotificationEmail, insertNotification } from './apply-rules.ts';
import { locale, say, shorten } from './texts.ts';

export const commitmentLink = (id: string) => `/follow-up?commitment=${id}`;

interface OverdueRow {
  id: string;
  gad_id: string;
  description: string;
  due_on: string;
  days: number;
  action_title: string;
  user_id: string;
  locale: string;
}

/**
 * Who hears about an overdue commitment: its responsible user while active in the GAD; without
 * one, the GAD's admins, so that an unowned commitment is not silently forgotten.
 */
async function overdueRecipients(db: Db, today: string) {
  const result = await sql<OverdueRow>`
    SELECT c.id, c.gad_id, c.description, c.due_on, (${today}::date - c.due_on) AS days,
      a.title AS action_title, u.id AS user_id, u.locale
    FROM commitment c JOIN action a ON a.id = c.action_id
    JOIN app_user u ON u.disabled_at IS NULL AND u.gad_id = c.gad_id AND (
      u.id = c.responsible_user_id
      OR (u.role = 'gad_admin' AND NOT EXISTS (SELECT 1 FROM app_user r WHERE r.id = c.responsible_user_id AND r.disabled_at IS NULL AND r.gad_id = c.gad_id)))
    WHERE c.deleted_at IS NULL AND a.deleted_at IS NULL AND c.state IN ('pending', 'in_progress') AND c.due_on < ${today}::date
    ORDER BY c.due_on, c.id, u.id`.execute(db);
  return result.rows;
}

/**
 * One reminder per overdue commitment and recipient, ever (per due date: moving the due date
 * and missing it again reminds again): the dedupe key holds the commitment and its due date.
 */
export async function sendOverdueReminders(db: Db, today: string, now: Date): Promise<number> {
  let sent = 0;
  for (const row of await overdueRecipients(db, today)) {
    await db.transaction().execute(async (tx) => {
      const lang = locale(row.locale);
      const id = await insertNotification(tx, {
        userId: row.user_id, gadId: row.gad_id, kind: 'overdue',
        title: say(lang, 'overdueTitle', { description: shorten(row.description) }),
        body: say(lang, 'overdueBody', { dueOn: row.due_on, days: row.days, action: row.action_title }),
        link: commitmentLink(row.id), dedupeKey: `overdue:${row.id}:${row.due_on}`,
      }, now);
      if (id) {
        await enqueueNotificationEmail(tx, id, now);
        sent++;
      }
    });
  }
  return sent;
}

/** Sends the email of one inbox notification, in its recipient's language, once. */
export async function emailNotification(db: Db, mailer: Mailer, publicUrl: string, notificationId: string, now: Date) {
  const result = await sql<{ title: string; body: string | null; link: string | null; email: string; locale: string; emailed_at: Date | null }>`
    SELECT n.title, n.body, n.link, u.email, u.locale, n.emailed_at
    FROM notification n JOIN app_user u ON u.id = n.user_id
    WHERE n.id = ${notificationId} AND u.disabled_at IS NULL`.execute(db);
  const n = result.rows[0];
  if (!n || n.emailed_at) return false;
  const lang = locale(n.locale);
  const link = `${publicUrl.replace(/\/$/, '')}${n.link ?? '/follow-up'}`;
  await mailer.send({ to: n.email, language: lang, subject: `Glocal: ${n.title}`, text: `${n.body ?? ''}\n\n${say(lang, 'mailFooter', { link })}` });
  await sql`UPDATE notification SET emailed_at = ${now} WHERE id = ${notificationId}`.execute(db);
  return true;
}
