import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { selectActionChildren, selectHistory, selectKindRow, selectVisibleAction } from './detail-queries.ts';
import { presentActionDetail } from './present.ts';
import type { actionTypes } from './schema.ts';

export async function getAction(ctx: Ctx, id: string) {
  const action = await selectVisibleAction(ctx.db, ctx.actor, id);
  if (!action) throw AppError.notFound('Action');
  const [kindRow, children] = await Promise.all([
    selectKindRow(ctx.db, action.type as (typeof actionTypes)[number], action.id),
    selectActionChildren(ctx.db, ctx.actor, action.id),
  ]);
  return presentActionDetail(action, kindRow, children);
}

export async function getActionHistory(ctx: Ctx, id: string) {
  const action = await selectVisibleAction(ctx.db, ctx.actor, id);
  if (!action) throw AppError.notFound('Action');
  const entries = await selectHistory(ctx.db, 'action', action.id);
  return {
    items: entries.map((e) => ({ id: e.id, at: e.at.toISOString(), actor: e.actor_label, operation: e.operation, diff: e.diff })),
  };
}
