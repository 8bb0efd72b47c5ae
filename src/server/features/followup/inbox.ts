import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';

/** The inbox belongs to the signed-in user: every query is on their own rows, nobody else's. */
function userIdOf(ctx: Ctx): string {
  if (ctx.actor.kind !== 'user') throw new AppError('unauthenticated', 'Sign in to read your inbox');
  return ctx.actor.userId;
}

interface NotificationRow {
  id: string; kind: string; title: string; body: string | null; link: string | null;
  created_at: Date; read_at: Date | null; emailed_at: Date | null;
}

export function presentNotification(row: NotificationRow) {
  return {
    id: row.id, kind: row.kind, title: row.title, body: row.body, link: row.link,
    createdAt: row.created_at.toISOString(), readAt: row.read_at?.toISOString() ?? null, emailedAt: row.emailed_at?.toISOString() ?? null,
  };
}

export async function unreadCount(ctx: Ctx): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notification WHERE user_id = ${userIdOf(ctx)} AND read_at IS NULL`.execute(ctx.db);
  return result.rows[0]!.n;
}

export async function listInbox(ctx: Ctx, q: { unread?: 'true' | 'false'; limit: number; offset: number }) {
  const userId = userIdOf(ctx);
  const filter = q.unread === 'true' ? sql`AND read_at IS NULL` : q.unread === 'false' ? sql`AND read_at IS NOT NULL` : sql``;
  const [rows, total, unread] = await Promise.all([
    sql<NotificationRow>`SELECT id, kind, title, body, link, created_at, read_at, emailed_at FROM notification
      WHERE user_id = ${userId} ${filter} ORDER BY created_at DESC, id LIMIT ${q.limit} OFFSET ${q.offset}`.execute(ctx.db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM notification WHERE user_id = ${userId} ${filter}`.execute(ctx.db),
    unreadCount(ctx),
  ]);
  return { items: rows.rows.map(presentNotification), total: total.rows[0]!.n, unread };
}

/** Marks one of the caller's notifications read; someone else's is a 404, like any row one may not see. */
export async function markRead(ctx: Ctx, id: string) {
  const userId = userIdOf(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const updated = await sql<NotificationRow & { gad_id: string | null; was_read: boolean }>`
      UPDATE notification n SET read_at = coalesce(n.read_at, ${ctx.now})
      FROM (SELECT id, read_at IS NOT NULL AS was_read FROM notification WHERE id = ${id} AND user_id = ${userId} FOR UPDATE) old
      WHERE n.id = old.id
      RETURNING n.id, n.kind, n.title, n.body, n.link, n.created_at, n.read_at, n.emailed_at, n.gad_id, old.was_read`.execute(tx);
    const row = updated.rows[0];
    if (!row) throw AppError.notFound('Notification');
    if (!row.was_read) {
      await recordAudit(tx, { actor: ctx.actor, gadId: row.gad_id, entity: 'notification', entityId: id, operation: 'update', diff: { read: true } });
    }
    return presentNotification(row);
  });
}

export async function markAllRead(ctx: Ctx) {
  const userId = userIdOf(ctx);
  return ctx.db.transaction().execute(async (tx) => {
    const updated = await sql<{ id: string }>`UPDATE notification SET read_at = ${ctx.now} WHERE user_id = ${userId} AND read_at IS NULL RETURNING id`.execute(tx);
    if (updated.rows.length > 0) {
      await recordAudit(tx, { actor: ctx.actor, gadId: null, entity: 'notification', entityId: userId, operation: 'update', diff: { readAll: updated.rows.length } });
    }
    return { updated: updated.rows.length, unread: 0 };
  });
}
