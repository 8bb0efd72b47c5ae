import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { selectActionDetail, selectHistory, selectVisibleAction } from './detail-queries.ts';
import { presentActionDetail } from './present.ts';

/** One statement per call (detail-queries.ts): under load, round trips to the database cost more than the SQL. */
export async function getAction(ctx: Ctx, id: string) {
  const detail = await selectActionDetail(ctx.db, ctx.actor, id);
  if (!detail) throw AppError.notFound('Action');
  return presentActionDetail(detail.action, detail.kindRow, detail.children);
}

export async function getActionHistory(ctx: Ctx, id: string) {
  const action = await selectVisibleAction(ctx.db, ctx.actor, id);
  if (!action) throw AppError.notFound('Action');
  const entries = await selectHistory(ctx.db, 'action', action.id);
  return {
    items: entries.map((e) => ({ id: e.id, at: e.at.toISOString(), actor: e.actor_label, operation: e.operation, diff: e.diff })),
  };
}
