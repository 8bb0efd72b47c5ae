import type { Ctx } from '../../context.ts';
import { actionFacets, actionFilter, countActions, selectActions } from './queries.ts';
import { presentActionSummary } from './present.ts';
import type { ActionListQuery } from './schema.ts';

export async function listActions(ctx: Ctx, query: ActionListQuery) {
  const where = actionFilter(ctx.actor, query);
  const [rows, total, facets] = await Promise.all([
    selectActions(ctx.db, where, query),
    countActions(ctx.db, where),
    actionFacets(ctx.db, where),
  ]);
  return { items: rows.map(presentActionSummary), total, facets };
}
