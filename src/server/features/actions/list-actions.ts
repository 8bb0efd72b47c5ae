import type { Ctx } from '../../context.ts';
import { selectActionPage } from './queries.ts';
import { presentActionSummary } from './present.ts';
import type { ActionListQuery } from './schema.ts';

export async function listActions(ctx: Ctx, query: ActionListQuery) {
  const page = await selectActionPage(ctx.db, ctx.actor, query);
  const capped = page.matched > page.bound;
  return {
    items: page.rows.map(presentActionSummary),
    // Past the bound the total is "more than `total`", and the facets count the bounded set only.
    total: capped ? page.bound : page.matched,
    totalIsLowerBound: capped,
    facets: page.facets,
  };
}
