import { sql } from 'kysely';
import type { Ctx } from '../../../context.ts';
import { resolvePeriod } from '../positioning.ts';
import { inPeriod } from './queries.ts';
import { visibleTo } from '../../shared/visibility.ts';
import { thisYear } from './get-positioning.ts';
import { ACTION_KINDS, type ActionKind } from '../schema.ts';

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/**
 * The national picture for analysts: GADs ranked by their international actions in a period, the
 * share of GADs with any international activity (overall and by level), and for the Ecuador map the
 * GADs and actions of each province (a canton or parish counts in the province its DPA code starts with).
 * Every count sees only what the reader may see, so an analyst sees more than the public.
 */
export async function getNational(ctx: Ctx, q: { from?: number; to?: number; undated: 'include' | 'exclude'; limit: number }) {
  const period = resolvePeriod(q, thisYear(ctx));
  const acts = sql`SELECT a.id, a.gad_id, a.type FROM action a WHERE ${inPeriod(ctx.actor, 'a', period, q.undated)}`;
  const [perGad, byLevel, provinces, roles] = await Promise.all([
    sql<{ id: string; dpa_code: string; name: string; level: string; type: ActionKind; n: number }>`
      WITH acts AS (${acts}) SELECT g.id, g.dpa_code, g.name, g.level, acts.type, count(*)::int AS n
      FROM acts JOIN gad g ON g.id = acts.gad_id GROUP BY 1, 2, 3, 4, 5`.execute(ctx.db),
    sql<{ level: string; gads: number; active: number }>`
      WITH acts AS (${acts}) SELECT g.level, count(*)::int AS gads,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM acts WHERE acts.gad_id = g.id))::int AS active
      FROM gad g GROUP BY 1 ORDER BY 1`.execute(ctx.db),
    sql<{ dpa_code: string; name: string; gads: number; active: number; actions: number }>`
      WITH acts AS (${acts}), per_gad AS (SELECT gad_id, count(*)::int AS n FROM acts GROUP BY 1)
      SELECT p.dpa_code, p.name, count(g.id)::int AS gads, count(pg.gad_id)::int AS active, coalesce(sum(pg.n), 0)::int AS actions
      FROM gad p JOIN gad g ON left(g.dpa_code, 2) = p.dpa_code LEFT JOIN per_gad pg ON pg.gad_id = g.id
      WHERE length(p.dpa_code) = 2 GROUP BY 1, 2 ORDER BY 1`.execute(ctx.db),
    sql<{ gad_id: string; n: number }>`SELECT a.gad_id, count(r.id)::int AS n FROM membership_role r JOIN action a ON a.id = r.action_id
      WHERE ${visibleTo(ctx.actor, 'a')} AND (r.term_start IS NULL OR EXTRACT(YEAR FROM r.term_start) <= ${period.to})
        AND (r.term_end IS NULL OR EXTRACT(YEAR FROM r.term_end) >= ${period.from}) GROUP BY 1`.execute(ctx.db),
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
    from: period.from, to: period.to, undated: q.undated,
    gads: totalGads, activeGads, shareActive: share(activeGads, totalGads),
    byLevel: byLevel.rows.map((r) => ({ level: r.level, gads: r.gads, activeGads: r.active, shareActive: share(r.active, r.gads) })),
    ranking: ranking.slice(0, q.limit).map((e, i) => ({ rank: i + 1, ...e })),
    provinces: provinces.rows.map((p) => ({ dpaCode: p.dpa_code, name: p.name, gads: p.gads, activeGads: p.active, actions: p.actions })),
  };
}

