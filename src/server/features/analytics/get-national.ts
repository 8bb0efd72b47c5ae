import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { resolvePeriod } from './positioning.ts';
import { inRollupPeriod } from './queries.ts';
import { rollupVisibleTo } from '../../rollups/visibility.ts';
import { rollupsAsOf } from '../../rollups/as-of.ts';
import { thisYear } from './get-positioning.ts';
import { ACTION_KINDS, type ActionKind } from './schema.ts';

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface GadInfo { id: string; dpa_code: string; name: string; level: string }

/** Share of GADs with any activity per level, and each province's GADs and actions (pure, from per-GAD totals). */
export function levelsAndProvinces(gads: GadInfo[], totals: Map<string, number>) {
  const levels = new Map<string, { gads: number; active: number }>();
  for (const g of gads) {
    const entry = levels.get(g.level) ?? { gads: 0, active: 0 };
    entry.gads++;
    if (totals.has(g.id)) entry.active++;
    levels.set(g.level, entry);
  }
  // A canton or parish counts in the province its DPA code starts with; the province counts in itself.
  const provinces = gads.filter((g) => g.dpa_code.length === 2).sort((a, b) => byText(a.dpa_code, b.dpa_code)).map((p) => {
    const members = gads.filter((g) => g.dpa_code.slice(0, 2) === p.dpa_code);
    return {
      dpaCode: p.dpa_code, name: p.name, gads: members.length,
      activeGads: members.filter((g) => totals.has(g.id)).length,
      actions: members.reduce((s, g) => s + (totals.get(g.id) ?? 0), 0),
    };
  });
  const byLevel = [...levels.entries()].sort(([a], [b]) => byText(a, b))
    .map(([level, e]) => ({ level, gads: e.gads, activeGads: e.active, shareActive: share(e.active, e.gads) }));
  return { byLevel, provinces };
}

/**
 * The national picture for analysts: GADs ranked by their international actions in a period, the
 * share of GADs with any international activity (overall and by level), and for the Ecuador map the
 * GADs and actions of each province (a canton or parish counts in the province its DPA code starts with).
 * Every count sees only what the reader may see, so an analyst sees more than the public. One pass
 * over the analytics rollup gives every GAD's counts; the rest is arithmetic on the 1,100 GADs.
 */
export async function getNational(ctx: Ctx, q: { from?: number; to?: number; undated: 'include' | 'exclude'; limit: number }) {
  const period = resolvePeriod(q, thisYear(ctx));
  const [perGad, gadRows, roles, asOf] = await Promise.all([
    sql<{ gad_id: string; type: ActionKind; n: number }>`SELECT r.gad_id, r.type, sum(r.n)::int AS n FROM analytics_action_year r
      WHERE ${inRollupPeriod(ctx.actor, 'r', period, q.undated)} GROUP BY 1, 2`.execute(ctx.db),
    sql<GadInfo>`SELECT id, dpa_code, name, level FROM gad`.execute(ctx.db),
    sql<{ gad_id: string; n: number }>`SELECT r.gad_id, sum(r.n)::int AS n FROM analytics_role r
      WHERE ${rollupVisibleTo(ctx.actor, 'r')} AND (r.start_year IS NULL OR r.start_year <= ${period.to})
        AND (r.end_year IS NULL OR r.end_year >= ${period.from}) GROUP BY 1`.execute(ctx.db),
    rollupsAsOf(ctx.db),
  ]);
  const info = new Map(gadRows.rows.map((g) => [g.id, g]));
  const gads = new Map<string, { gad: { id: string; dpaCode: string; name: string; level: string }; counts: Record<ActionKind, number>; total: number; leadershipRoles: number }>();
  for (const r of perGad.rows) {
    const g = info.get(r.gad_id);
    if (!g || r.n === 0) continue;
    const entry = gads.get(g.id) ?? { gad: { id: g.id, dpaCode: g.dpa_code, name: g.name, level: g.level },
      counts: Object.fromEntries(ACTION_KINDS.map((k) => [k, 0])) as Record<ActionKind, number>, total: 0, leadershipRoles: 0 };
    entry.counts[r.type] += r.n;
    entry.total += r.n;
    gads.set(g.id, entry);
  }
  for (const r of roles.rows) { const e = gads.get(r.gad_id); if (e) e.leadershipRoles = r.n; }
  const ranking = [...gads.values()].sort((a, b) => b.total - a.total || b.leadershipRoles - a.leadershipRoles || a.gad.name.localeCompare(b.gad.name, 'es'));
  const { byLevel, provinces } = levelsAndProvinces(gadRows.rows, new Map([...gads].map(([id, e]) => [id, e.total])));
  const totalGads = byLevel.reduce((s, r) => s + r.gads, 0);
  const activeGads = byLevel.reduce((s, r) => s + r.activeGads, 0);
  return {
    from: period.from, to: period.to, undated: q.undated, asOf,
    gads: totalGads, activeGads, shareActive: share(activeGads, totalGads),
    byLevel,
    ranking: ranking.slice(0, q.limit).map((e, i) => ({ rank: i + 1, ...e })),
    provinces,
  };
}
