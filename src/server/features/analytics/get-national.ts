import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { resolvePeriod } from './positioning.ts';
import { inRollupPeriod } from './queries.ts';
import { rollupVisibleTo } from '../../rollups/visibility.ts';
import { rollupsAsOf } from '../../rollups/as-of.ts';
import { thisYear } from './get-positioning.ts';
import { ACTION_KINDS, type ActionKind } from './schema.ts';

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/**
 * The national picture for analysts: GADs ranked by their international actions in a period, the
 * share of GADs with any international activity (overall and by level), and for the Ecuador map the
 * GADs and actions of each province (a canton or parish counts in the province its DPA code starts with).
 * Every count sees only what the reader may see, so an analyst sees more than the public.
 */
export async function getNational(ctx: Ctx, q: { from?: number; to?: number; undated: 'include' | 'exclude'; limit: number }) {
  const period = resolvePeriod(q, thisYear(ctx));
  const perGadRows = sql`SELECT r.gad_id, r.type, sum(r.n)::int AS n FROM analytics_action_year r
    WHERE ${inRollupPeriod(ctx.actor, 'r', period, q.undated)} GROUP BY 1, 2`;
  const [perGad, byLevel, provinces, roles, asOf] = await Promise.all([
    sql<{ id: string; dpa_code: string; name: string; level: string; type: ActionKind; n: number }>`
      WITH per AS (${perGadRows}) SELECT g.id, g.dpa_code, g.name, g.level, per.type, per.n
      FROM per JOIN gad g ON g.id = per.gad_id WHERE per.n > 0`.execute(ctx.db),
    sql<{ level: string; gads: number; active: number }>`
      WITH per AS (${perGadRows}) SELECT g.level, count(*)::int AS gads,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM per WHERE per.gad_id = g.id AND per.n > 0))::int AS active
      FROM gad g GROUP BY 1 ORDER BY 1`.execute(ctx.db),
    sql<{ dpa_code: string; name: string; gads: number; active: number; actions: number }>`
      WITH per AS (${perGadRows}), per_gad AS (SELECT gad_id, sum(n)::int AS n FROM per GROUP BY 1 HAVING sum(n) > 0)
      SELECT p.dpa_code, p.name, count(g.id)::int AS gads, count(pg.gad_id)::int AS active, coalesce(sum(pg.n), 0)::int AS actions
      FROM gad p JOIN gad g ON left(g.dpa_code, 2) = p.dpa_code LEFT JOIN per_gad pg ON pg.gad_id = g.id
      WHERE length(p.dpa_code) = 2 GROUP BY 1, 2 ORDER BY 1`.execute(ctx.db),
    sql<{ gad_id: string; n: number }>`SELECT r.gad_id, sum(r.n)::int AS n FROM analytics_role r
      WHERE ${rollupVisibleTo(ctx.actor, 'r')} AND (r.start_year IS NULL OR r.start_year <= ${period.to})
        AND (r.end_year IS NULL OR r.end_year >= ${period.from}) GROUP BY 1`.execute(ctx.db),
    rollupsAsOf(ctx.db),
  ]);
  const gads = new Map<string, { gad: { id: string; dpaCode: string; name: string; level: string }; counts: Record<ActionKind, number>; total: number; leadershipRoles: number }>();
  for (const r of perGad.rows) {
    const entry = gads.get(r.id) ?? { gad: { id: r.id, dpaCode: r.dpa_code, name: r.name, level: r.level },
      counts: Object.fromEntries(ACTION_KINDS.map((k) => [k, 0])) as Record<ActionKind, number>, total: 0, leadershipRoles: 0 };
    entry.counts[r.type] += r.n;
    entry.total += r.n;
    gads.set(r.id, entry);
  }
  for (const r of roles.rows) { const e = gads.get(r.gad_id); if (e) e.leadershipRoles = r.n; }
  const ranking = [...gads.values()].sort((a, b) => b.total - a.total || b.leadershipRoles - a.leadershipRoles || a.gad.name.localeCompare(b.gad.name, 'es'));
  const totalGads = byLevel.rows.reduce((s, r) => s + r.gads, 0);
  const activeGads = byLevel.rows.reduce((s, r) => s + r.active, 0);
  return {
    from: period.from, to: period.to, undated: q.undated, asOf,
    gads: totalGads, activeGads, shareActive: share(activeGads, totalGads),
    byLevel: byLevel.rows.map((r) => ({ level: r.level, gads: r.gads, activeGads: r.active, shareActive: share(r.active, r.gads) })),
    ranking: ranking.slice(0, q.limit).map((e, i) => ({ rank: i + 1, ...e })),
    provinces: provinces.rows.map((p) => ({ dpaCode: p.dpa_code, name: p.name, gads: p.gads, activeGads: p.active, actions: p.actions })),
  };
}

