import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { positioningRows, resolvePeriod, type CountRow, type Period } from './positioning.ts';
import { countsByYear, findGad, inRollupPeriod, presentGad, rolesByYear, type GadRow } from './queries.ts';
import { rollupsAsOf } from '../../rollups/as-of.ts';
import { thisYear } from './get-positioning.ts';

type Undated = 'include' | 'exclude';

interface Split { items: { code: string; count: number }[]; unclassified: number }

/** Per dimension, its codes by count (most first, then by code) with the records that do not say apart. */
function splitByDimension(rows: { dimension: string; code: string | null; n: number }[]): Map<string, Split> {
  const out = new Map<string, Split>();
  for (const r of rows) {
    const entry = out.get(r.dimension) ?? { items: [], unclassified: 0 };
    if (r.code === null) entry.unclassified = r.n;
    else entry.items.push({ code: r.code, count: r.n });
    out.set(r.dimension, entry);
  }
  return out;
}

/**
 * How one GAD's actions of a period are distributed: by theme (an action may have several), by the
 * thesis's typologies (territorial scope, motive, channel, mode of governance), and, for cooperation
 * projects, by direction and by North–South, South–South or triangular flow; plus partner regions.
 * Read from the analytics rollups (rollup.ts), which count each action once per code.
 */
export async function getBreakdowns(ctx: Ctx, q: { gad: string; from?: number; to?: number; undated: Undated }) {
  const period = resolvePeriod(q, thisYear(ctx));
  const gad = await findGad(ctx.db, q.gad);
  const where = sql`r.gad_id = ${gad.id} AND ${inRollupPeriod(ctx.actor, 'r', period, q.undated)}`;
  const [byDimension, total, asOf] = await Promise.all([
    // Ordered as the dashboard lists them: most actions first, then by code, the unclassified last.
    sql<{ dimension: string; code: string | null; n: number }>`SELECT r.dimension, r.code, sum(r.n)::int AS n FROM analytics_breakdown r
      WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2`.execute(ctx.db),
    sql<{ n: number; without_theme: number; projects: number }>`SELECT coalesce(sum(r.n), 0)::int AS n, coalesce(sum(r.no_theme), 0)::int AS without_theme,
      coalesce(sum(r.n) FILTER (WHERE r.type = 'project'), 0)::int AS projects FROM analytics_action_year r WHERE ${where}`.execute(ctx.db),
    rollupsAsOf(ctx.db, [gad.id]),
  ]);
  const dims = splitByDimension(byDimension.rows);
  const dim = (name: string): Split => dims.get(name) ?? { items: [], unclassified: 0 };
  const totals = total.rows[0]!;
  return {
    gad: presentGad(gad), from: period.from, to: period.to, undated: q.undated,
    actions: totals.n,
    themes: { items: dim('theme').items, unclassified: totals.without_theme },
    territorialScope: dim('territorial_scope'), motive: dim('motive'), channel: dim('channel'), governanceMode: dim('governance_mode'),
    projects: totals.projects,
    direction: dim('direction'), flow: dim('flow'), modality: dim('modality'),
    partnerRegions: { items: dim('region').items },
    asOf,
  };
}

/** GADs side by side over one period: each one's actions of every kind, awards won and leadership roles held. */
export async function compareGads(ctx: Ctx, q: { gads: string; from?: number; to?: number; undated: Undated }) {
  const period = resolvePeriod(q, thisYear(ctx));
  const gads = await comparedGads(ctx, q.gads);
  const ids = gads.map((g) => g.id);
  const [counts, roles, asOf] = await Promise.all([countsByYear(ctx, ids, period), rolesByYear(ctx, ids, period), rollupsAsOf(ctx.db, ids)]);
  return {
    from: period.from, to: period.to, undated: q.undated, asOf,
    items: gads.map((g) => comparisonItem(g, period, counts, roles, q.undated)),
  };
}

/** One GAD's column of the comparison, from the counts and roles of every compared GAD. */
export function comparisonItem(g: GadRow, period: Period, counts: (CountRow & { gad_id: string })[], roles: { gad_id: string; year: number | null; n: number }[], undatedRule: Undated) {
  const mine = counts.filter((c) => c.gad_id === g.id);
  const { rows, undated, totals } = positioningRows(period, mine, roles.filter((r) => r.gad_id === g.id), [], []);
  const counted = undatedRule === 'include' ? totals : { counts: subtract(totals.counts, undated.counts), total: totals.total - undated.total };
  return {
    gad: presentGad(g), counts: counted.counts, total: counted.total,
    awardsWon: rows.reduce((s, r) => s + r.awardsWon, 0) + (undatedRule === 'include' ? undated.awardsWon : 0),
    leadershipRolesHeld: rows.length ? rows[rows.length - 1]!.leadershipRoles : 0,
    byYear: rows.map((r) => ({ year: r.year, total: r.total })),
  };
}

function subtract<T extends Record<string, number>>(a: T, b: T): T {
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - (b[k] ?? 0)])) as T;
}

/** The 2 to 10 GADs a comparison names (ids or DPA codes, comma-separated), each one found or refused by name. */
export async function comparedGads(ctx: Ctx, list: string): Promise<GadRow[]> {
  const refs = [...new Set(list.split(',').map((s) => s.trim()).filter(Boolean))];
  if (refs.length < 2 || refs.length > 10) throw AppError.invalid('Compare 2 to 10 GADs', [{ field: 'query.gads', message: 'Give 2 to 10 GADs, comma-separated' }]);
  const gads = [];
  for (const ref of refs) gads.push(await findGad(ctx.db, ref, 'query.gads'));
  return gads;
}
