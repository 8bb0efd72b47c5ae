import type { Ctx } from '../../context.ts';
import { targetGadForWrite } from '../shared/target-gad.ts';
import { createAction } from './create-action.ts';
import { getAction } from './get-action.ts';
import type { ActionInput } from './schema.ts';

/** GAD users create in their own GAD; only a platform admin names another one. */
export async function createActionForCaller(ctx: Ctx, body: ActionInput & { gad?: string }) {
  const gadId = await targetGadForWrite(ctx.db, ctx.actor, body.gad);
  const { gad: _gad, ...input } = body;
  const id = await createAction(ctx, gadId, input as ActionInput);
  return getAction(ctx, id);
}
