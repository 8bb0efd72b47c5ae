import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { canWriteForGad } from './policy.ts';
import { createAction } from './create-action.ts';
import { getAction } from './get-action.ts';
import type { ActionInput } from './schema.ts';

/** GAD users create in their own GAD; only a platform admin names another one. */
export async function createActionForCaller(ctx: Ctx, body: ActionInput & { gad?: string }) {
  const actor = ctx.actor;
  if (actor.kind !== 'user') throw new AppError('unauthenticated', 'Sign in to create records');
  let gadId = actor.gadId;
  if (body.gad) {
    const found = await sql<{ id: string }>`SELECT id FROM gad WHERE id::text = ${body.gad} OR dpa_code = ${body.gad}`.execute(ctx.db);
    gadId = found.rows[0]?.id ?? null;
    if (!gadId) throw AppError.invalid('Unknown GAD', [{ field: 'body.gad', message: 'Unknown GAD' }]);
  }
  if (!gadId) throw AppError.invalid('Say for which GAD', [{ field: 'body.gad', message: 'Required for this account' }]);
  if (!canWriteForGad(actor, gadId)) throw new AppError('forbidden', 'You may only create records for your own GAD');
  const { gad: _gad, ...input } = body;
  const id = await createAction(ctx, gadId, input as ActionInput);
  return getAction(ctx, id);
}
