import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { canRestoreForGad } from './policy.ts';
import { loadWritableAction, staleVersion } from './update-action.ts';
import { getAction } from './get-action.ts';

/** Deletes are soft: the record leaves every list but can be restored by an admin of its GAD. */
export async function deleteAction(ctx: Ctx, id: string, version?: number) {
  await ctx.db.transaction().execute(async (tx) => {
    const action = await loadWritableAction(tx, ctx, id);
    const deleted = await sql<{ id: string }>`
      UPDATE action SET deleted_at = ${ctx.now}, version = version + 1, updated_at = ${ctx.now}
      WHERE id = ${id} AND deleted_at IS NULL AND (${version ?? null}::int IS NULL OR version = ${version ?? null})
      RETURNING id`.execute(tx);
    if (!deleted.rows[0]) throw await staleVersion({ ...ctx, db: tx }, id);
    await recordAudit(tx, { actor: ctx.actor, gadId: action.gad_id, entity: 'action', entityId: id, operation: 'delete', diff: {} });
  });
}

export async function restoreAction(ctx: Ctx, id: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const found = await sql<{ gad_id: string }>`
      SELECT gad_id FROM action WHERE id::text = ${id} AND deleted_at IS NOT NULL`.execute(tx);
    const action = found.rows[0];
    // Someone who may not restore it learns nothing about a deleted record.
    if (!action || !canRestoreForGad(ctx.actor, action.gad_id)) throw AppError.notFound('Deleted action');
    await sql`UPDATE action SET deleted_at = NULL, version = version + 1, updated_at = ${ctx.now} WHERE id = ${id}`.execute(tx);
    await recordAudit(tx, { actor: ctx.actor, gadId: action.gad_id, entity: 'action', entityId: id, operation: 'restore', diff: {} });
  });
  return getAction(ctx, id);
}

export async function listDeletedActions(ctx: Ctx) {
  const actor = ctx.actor;
  if (actor.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  if (actor.role !== 'gad_admin' && actor.role !== 'platform_admin') {
    throw new AppError('forbidden', 'Only admins see deleted records');
  }
  const scope = actor.role === 'platform_admin' ? sql`true` : sql`a.gad_id = ${actor.gadId}`;
  const rows = await sql<{ id: string; type: string; title: string; deleted_at: Date }>`
    SELECT a.id, a.type, a.title, a.deleted_at FROM action a WHERE a.deleted_at IS NOT NULL AND ${scope}
    ORDER BY a.deleted_at DESC LIMIT 200`.execute(ctx.db);
  return { items: rows.rows.map((r) => ({ id: r.id, type: r.type, title: r.title, deletedAt: r.deleted_at.toISOString() })) };
}
