import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { mailText } from '../../mail/templates.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { hashPassword, newSecret, sha256 } from './secrets.ts';
import { requireGadAdmin } from './policy.ts';

const INVITATION_VALID_MS = 7 * 24 * 3600_000;

export async function inviteUser(ctx: Ctx, mailer: Mailer, publicUrl: string, input: { email: string; role: string; locale: string }) {
  const { gadId, inviterId } = requireGadAdmin(ctx.actor);
  const existing = await sql`SELECT 1 FROM app_user WHERE email = ${input.email}`.execute(ctx.db);
  if (existing.rows.length > 0) throw AppError.conflict('A user with this email already exists');
  const token = newSecret();
  const gad = await sql<{ name: string }>`SELECT name FROM gad WHERE id = ${gadId}`.execute(ctx.db);
  const id = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await sql<{ id: string }>`
      INSERT INTO invitation (token_hash, gad_id, email, role, invited_by, created_at, expires_at)
      VALUES (${token.hash}, ${gadId}, ${input.email}, ${input.role}, ${inviterId}, ${ctx.now},
              ${new Date(ctx.now.getTime() + INVITATION_VALID_MS)})
      RETURNING id`.execute(tx);
    const invitationId = inserted.rows[0]!.id;
    await recordAudit(tx, { actor: ctx.actor, gadId, entity: 'invitation', entityId: invitationId, operation: 'create',
      diff: { after: { email: input.email, role: input.role } } });
    return invitationId;
  });
  const link = `${publicUrl}/accept-invitation#token=${encodeURIComponent(token.secret)}`;
  await mailer.send({
    to: input.email, language: input.locale,
    ...mailText(input.locale, 'invitation', { link, gad: gad.rows[0]!.name, inviter: ctx.actor.kind === 'user' ? ctx.actor.label : '' }),
  });
  return { id, email: input.email, role: input.role, expiresAt: new Date(ctx.now.getTime() + INVITATION_VALID_MS).toISOString() };
}

export async function acceptInvitation(ctx: Ctx, input: { token: string; displayName: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (tx) => {
    const accepted = await sql<{ id: string; gad_id: string; email: string; role: string }>`
      UPDATE invitation SET accepted_at = ${ctx.now}
      WHERE token_hash = ${sha256(input.token)} AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ${ctx.now}
      RETURNING id, gad_id, email, role`.execute(tx);
    const invitation = accepted.rows[0];
    if (!invitation) throw AppError.invalid('This invitation is invalid or has expired', [{ field: 'body.token', message: 'Invalid or expired token' }]);
    const user = await sql<{ id: string }>`
      INSERT INTO app_user (email, display_name, password_hash, role, gad_id)
      VALUES (${invitation.email}, ${input.displayName}, ${passwordHash}, ${invitation.role}, ${invitation.gad_id})
      ON CONFLICT (email) DO NOTHING RETURNING id`.execute(tx);
    if (!user.rows[0]) throw AppError.conflict('A user with this email already exists');
    await recordAudit(tx, { actor: { kind: 'system', label: invitation.email }, gadId: invitation.gad_id, entity: 'user',
      entityId: user.rows[0].id, operation: 'create', diff: { after: { email: invitation.email, role: invitation.role } } });
    return { userId: user.rows[0].id, email: invitation.email };
  });
}
