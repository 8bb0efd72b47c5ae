import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { newSecret } from './secrets.ts';
import { requireUser } from './policy.ts';

/** The token is shown once, at creation; only its hash is kept. */
export async function createApiToken(ctx: Ctx, input: { name: string; scopes: string[]; expiresInDays?: number | null }) {
  const user = requireUser(ctx.actor);
  const token = newSecret('glc_');
  const expiresAt = input.expiresInDays ? new Date(ctx.now.getTime() + input.expiresInDays * 86_400_000) : null;
  return ctx.db.transaction().execute(async (tx) => {
    const inserted = await sql<{ id: string }>`
      INSERT INTO api_token (user_id, name, token_hash, scopes, created_at, expires_at)
      VALUES (${user.userId}, ${input.name}, ${token.hash}, ${[...new Set(input.scopes)]}::text[], ${ctx.now}, ${expiresAt})
      RETURNING id`.execute(tx);
    const id = inserted.rows[0]!.id;
    await recordAudit(tx, { actor: ctx.actor, gadId: user.gadId, entity: 'api_token', entityId: id, operation: 'create',
      diff: { after: { name: input.name, scopes: input.scopes } } });
    return { id, name: input.name, scopes: [...new Set(input.scopes)], token: token.secret, expiresAt: expiresAt?.toISOString() ?? null };
  });
}

export async function listApiTokens(ctx: Ctx) {
  const user = requireUser(ctx.actor);
  const rows = await sql<{ id: string; name: string; scopes: string[]; created_at: Date; last_used_at: Date | null; expires_at: Date | null; revoked_at: Date | null }>`
    SELECT id, name, scopes, created_at, last_used_at, expires_at, revoked_at FROM api_token
    WHERE user_id = ${user.userId} ORDER BY created_at DESC`.execute(ctx.db);
  return {
    items: rows.rows.map((r) => ({
      id: r.id, name: r.name, scopes: r.scopes, createdAt: r.created_at.toISOString(),
      expiresAt: r.expires_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null,
    })),
  };
}

export async function revokeApiToken(ctx: Ctx, id: string) {
  const user = requireUser(ctx.actor);
  await ctx.db.transaction().execute(async (tx) => {
    const revoked = await sql<{ id: string }>`
      UPDATE api_token SET revoked_at = ${ctx.now}
      WHERE id::text = ${id} AND user_id = ${user.userId} AND revoked_at IS NULL RETURNING id`.execute(tx);
    if (!revoked.rows[0]) throw AppError.notFound('API token');
    await recordAudit(tx, { actor: ctx.actor, gadId: user.gadId, entity: 'api_token', entityId: id, operation: 'delete', diff: {} });
  });
}
