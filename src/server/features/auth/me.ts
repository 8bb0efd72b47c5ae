import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { selectUserById, type FullUserRow } from './queries.ts';
import { requireUser } from './policy.ts';

export async function presentUser(ctx: Ctx, user: FullUserRow) {
  const gad = user.gad_id
    ? (await sql<{ id: string; name: string; dpa_code: string; level: string }>`
        SELECT id, name, dpa_code, level FROM gad WHERE id = ${user.gad_id}`.execute(ctx.db)).rows[0]
    : undefined;
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    role: user.role,
    organisation: user.organisation,
    locale: user.locale,
    position: user.position,
    phone: user.phone,
    showAsContact: user.show_as_contact,
    demo: user.is_demo,
    gad: gad ? { id: gad.id, name: gad.name, dpaCode: gad.dpa_code, level: gad.level } : null,
  };
}

export async function getMe(ctx: Ctx) {
  const actor = requireUser(ctx.actor);
  return presentUser(ctx, (await selectUserById(ctx.db, actor.userId))!);
}

export async function updateMe(ctx: Ctx, input: { displayName?: string; locale?: string; position?: string | null; phone?: string | null; showAsContact?: boolean }) {
  const actor = requireUser(ctx.actor);
  await ctx.db.transaction().execute(async (tx) => {
    await sql`UPDATE app_user SET
        display_name = COALESCE(${input.displayName ?? null}, display_name),
        locale = COALESCE(${input.locale ?? null}, locale),
        position = CASE WHEN ${input.position !== undefined} THEN ${input.position ?? null} ELSE position END,
        phone = CASE WHEN ${input.phone !== undefined} THEN ${input.phone ?? null} ELSE phone END,
        show_as_contact = COALESCE(${input.showAsContact ?? null}, show_as_contact),
        updated_at = ${ctx.now}
      WHERE id = ${actor.userId}`.execute(tx);
    await recordAudit(tx, { actor: ctx.actor, gadId: actor.gadId, entity: 'user', entityId: actor.userId, operation: 'update', diff: { after: input } });
  });
  return getMe(ctx);
}

export async function listUsers(ctx: Ctx) {
  const actor = requireUser(ctx.actor);
  const scope = actor.role === 'platform_admin' ? sql`true` : sql`u.gad_id = ${actor.gadId}`;
  const rows = await sql<{ id: string; email: string; display_name: string; role: string; gad_id: string | null; gad_name: string | null; disabled_at: Date | null }>`
    SELECT u.id, u.email, u.display_name, u.role, u.gad_id, g.name AS gad_name, u.disabled_at
    FROM app_user u LEFT JOIN gad g ON g.id = u.gad_id WHERE ${scope} ORDER BY u.email`.execute(ctx.db);
  const invitations = await sql<{ id: string; email: string; role: string; expires_at: Date; accepted_at: Date | null }>`
    SELECT id, email, role, expires_at, accepted_at FROM invitation i
    WHERE ${actor.role === 'platform_admin' ? sql`true` : sql`i.gad_id = ${actor.gadId}`} AND revoked_at IS NULL
    ORDER BY created_at DESC`.execute(ctx.db);
  return {
    items: rows.rows.map((u) => ({
      id: u.id, email: u.email, displayName: u.display_name, role: u.role,
      gad: u.gad_id ? { id: u.gad_id, name: u.gad_name } : null, disabled: u.disabled_at !== null,
    })),
    invitations: invitations.rows.map((i) => ({
      id: i.id, email: i.email, role: i.role, expiresAt: i.expires_at.toISOString(), acceptedAt: i.accepted_at?.toISOString() ?? null,
    })),
  };
}
