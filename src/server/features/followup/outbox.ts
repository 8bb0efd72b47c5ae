import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import type { ReceivedMail } from '../../mail/smtp-sink.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Demo and test mode: what the in-process SMTP sink received; null when real SMTP is configured. */
    outbox: { messages: ReceivedMail[] } | null;
  }
}

/**
 * The demo outbox. The platform admin reads every message; a GAD admin only those addressed to
 * the users of its GAD, since mail carries the names and commitments of that GAD.
 */
export async function readOutbox(ctx: Ctx, outbox: { messages: ReceivedMail[] } | null, q: { to?: string; limit: number }) {
  const actor = ctx.actor;
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in as an admin');
  if (actor.kind !== 'user' || !['platform_admin', 'gad_admin'].includes(actor.role)) throw new AppError('forbidden', 'Admins only');
  if (!outbox) return { sink: false, items: [], total: 0 };
  let allowed: Set<string> | null = null;
  if (actor.role !== 'platform_admin') {
    const users = await sql<{ email: string }>`SELECT email FROM app_user WHERE gad_id = ${actor.gadId}`.execute(ctx.db);
    allowed = new Set(users.rows.map((u) => u.email));
  }
  const wanted = q.to?.toLowerCase();
  const items = outbox.messages
    .filter((m) => m.to.some((to) => (!allowed || allowed.has(to.toLowerCase())) && (!wanted || to.toLowerCase() === wanted)))
    .slice()
    .reverse();
  return {
    sink: true,
    total: items.length,
    items: items.slice(0, q.limit).map((m) => ({ to: m.to, subject: m.subject, text: m.text, language: m.language, receivedAt: m.receivedAt.toISOString() })),
  };
}
