import type { Ctx } from '../../../context.ts';
import { resolvePeriod } from '../positioning.ts';
import { findGad, presentGad } from './queries.ts';
import { thisYear } from './get-positioning.ts';
import { timelineItems, timelineKinds } from '../get-timeline.ts';

/**
 * A GAD's international relations in time, filterable by kind and theme. Agreements are spans from
 * signature (or the start of validity) to expiry; other actions span their own dates. What the
 * records leave undated is listed apart, never placed at a made-up date.
 */
export async function getTimeline(ctx: Ctx, id: string, q: { from?: number; to?: number; type?: string; theme?: string }) {
  const period = resolvePeriod(q, thisYear(ctx));
  const gad = await findGad(ctx.db, id, 'params.id');
  const types = timelineKinds(q.type);
  const from = `${period.from}-01-01`;
  const to = `${period.to}-12-31`;
  const items = await timelineItems(ctx, { gadId: gad.id, types, theme: q.theme, from, to });
  return {
    gad: presentGad(gad), from: period.from, to: period.to, types,
    items: items.filter((i) => i.start !== null),
    undated: items.filter((i) => i.start === null),
  };
}
