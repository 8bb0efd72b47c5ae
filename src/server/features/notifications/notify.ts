import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../context.ts';

export interface NotificationInput {
  kind: string;
  title: string;
  body?: string | null;
  /** Path in the web app, e.g. /actions/<id>. */
  link?: string | null;
  /** The same key never notifies the same user twice (a reminder sent once, whatever re-runs). */
  dedupeKey?: string | null;
}

/** Puts a notification in the inbox of every active user of a GAD with one of the given roles; returns how many. */
export async function notifyGadUsers(tx: Db, gadId: string, roles: Role[], input: NotificationInput, now: Date): Promise<number> {
  const inserted = await sql<{ id: string }>`
    INSERT INTO notification (user_id, gad_id, kind, title, body, link, dedupe_key, created_at)
    SELECT u.id, ${gadId}, ${input.kind}, ${input.title}, ${input.body ?? null}, ${input.link ?? null}, ${input.dedupeKey ?? null}, ${now}
    FROM app_user u WHERE u.gad_id = ${gadId} AND u.role = ANY(${roles}::text[]) AND u.disabled_at IS NULL
    ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id`.execute(tx);
  return inserted.rows.length;
}

export async function notifyUser(tx: Db, userId: string, gadId: string | null, input: NotificationInput, now: Date): Promise<boolean> {
  const inserted = await sql<{ id: string }>`
    INSERT INTO notification (user_id, gad_id, kind, title, body, link, dedupe_key, created_at)
    VALUES (${userId}, ${gadId}, ${input.kind}, ${input.title}, ${input.body ?? null}, ${input.link ?? null}, ${input.dedupeKey ?? null}, ${now})
    ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id`.execute(tx);
  return inserted.rows.length > 0;
}
