import type { Ctx } from '../../../context.ts';
import { localDate } from '../../shared/dates.ts';
import { positioningRows, resolvePeriod } from '../positioning.ts';
import { countsByYear, currencyRates, findGad, moneyByYear, presentGad, rolesByYear } from './queries.ts';
import { ACTION_KINDS } from '../schema.ts';

export const thisYear = (ctx: Ctx) => Number(localDate(ctx.now).slice(0, 4));

/**
 * The thesis's positioning indicators for one GAD, a row per year: how many actions of each kind
 * started that year, awards won, leadership roles held in city networks, and the budgeted money of
 * projects per currency (converted to US dollars where a rate is configured). Records with no known
 * date are counted apart. Every count sees only what the reader may see.
 */
export async function getPositioning(ctx: Ctx, q: { gad: string; from?: number; to?: number }) {
  const period = resolvePeriod(q, thisYear(ctx));
  const gad = await findGad(ctx.db, q.gad);
  const [counts, roles, money, rates] = await Promise.all([
    countsByYear(ctx, [gad.id], period), rolesByYear(ctx, [gad.id], period), moneyByYear(ctx, [gad.id], period), currencyRates(ctx.db),
  ]);
  const usedRates = rates.filter((r) => money.some((m) => m.currency === r.currency));
  return {
    gad: presentGad(gad),
    from: period.from,
    to: period.to,
    kinds: ACTION_KINDS,
    ...positioningRows(period, counts, roles, money, rates),
    rates: usedRates,
  };
}
