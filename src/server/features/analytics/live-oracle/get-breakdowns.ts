import { sql } from 'kysely';
import type { Ctx } from '../../../context.ts';
import { resolvePeriod, type Period } from '../positioning.ts';
import { countsByYear, findGad, inPeriod, presentGad, rolesByYear } from './queries.ts';
import { thisYear } from './get-positioning.ts';
import { comparedGads, comparisonItem } from '../get-breakdowns.ts';

type Undated = 'include' | 'exclude';

/** Counts of actions by one column; `null` is the records that do not say. */
async function countBy(ctx: Ctx, gadId: string, period: Period, undated: Undated, column: 'territorial_scope' | 'motive' | 'channel' | 'governance_mode') {
  const result = await sql<{ code: string | null; n: number }>`SELECT a.${sql.raw(column)} AS code, count(*)::int AS n FROM action a
    WHERE a.gad_id = ${gadId} AND ${inPeriod(ctx.actor, 'a', period, undated)} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(ctx.db);
  return split(result.rows);
}

function split(rows: { code: string | null; n: number }[]) {
  return { items: rows.filter((r) => r.code !== null).map((r) => ({ code: r.code as string, count: r.n })), unclassified: rows.find((r) => r.code === null)?.n ?? 0 };
}

/**
 * How one GAD's actions of a period are distributed: by theme (an action may have several), by the
 * thesis's typologies (territorial scope, motive, channel, mode of governance), and, for cooperation
 * projects, by direction and by North–South, South–South or triangular flow; plus partner regions.
 */
export async function getBreakdowns(ctx: Ctx, q: { gad: string; from?: number; to?: number; undated: Undated }) {
  const period = resolvePeriod(q, thisYear(ctx));
  const gad = await findGad(ctx.db, q.gad);
  const where = sql`a.gad_id = ${gad.id} AND ${inPeriod(ctx.actor, 'a', period, q.undated)}`;
  const [themes, total, direction, flow, modality, regions, territorialScope, motive, channel, governanceMode] = await Promise.all([
    sql<{ code: string; n: number }>`SELECT t.theme_code AS code, count(DISTINCT a.id)::int AS n FROM action a JOIN action_theme t ON t.action_id = a.id
      WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(ctx.db),
    sql<{ n: number; without_theme: number; projects: number }>`SELECT count(*)::int AS n,
      count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM action_theme t WHERE t.action_id = a.id))::int AS without_theme,
      count(*) FILTER (WHERE a.type = 'project')::int AS projects FROM action a WHERE ${where}`.execute(ctx.db),
    sql<{ code: string | null; n: number }>`SELECT p.direction AS code, count(*)::int AS n FROM action a JOIN project p ON p.action_id = a.id WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(ctx.db),
    sql<{ code: string | null; n: number }>`SELECT p.flow AS code, count(*)::int AS n FROM action a JOIN project p ON p.action_id = a.id WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(ctx.db),
    sql<{ code: string | null; n: number }>`SELECT p.modality AS code, count(*)::int AS n FROM action a JOIN project p ON p.action_id = a.id WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(ctx.db),
    // A partner region counts an action once however many partners it has there; the GAD's own country (a visit received) is left out.
    sql<{ code: string | null; n: number }>`SELECT c.world_region AS code, count(DISTINCT a.id)::int AS n FROM action a
      JOIN LATERAL (SELECT p.country_code FROM action_partner ap JOIN partner p ON p.id = ap.partner_id WHERE ap.action_id = a.id
        UNION SELECT a.country_code) pc ON pc.country_code IS NOT NULL AND pc.country_code <> 'EC'
      JOIN country c ON c.code = pc.country_code WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(ctx.db),
    countBy(ctx, gad.id, period, q.undated, 'territorial_scope'),
    countBy(ctx, gad.id, period, q.undated, 'motive'),
    countBy(ctx, gad.id, period, q.undated, 'channel'),
    countBy(ctx, gad.id, period, q.undated, 'governance_mode'),
  ]);
  const totals = total.rows[0]!;
  return {
    gad: presentGad(gad), from: period.from, to: period.to, undated: q.undated,
    actions: totals.n,
    themes: { items: themes.rows.map((r) => ({ code: r.code, count: r.n })), unclassified: totals.without_theme },
    territorialScope, motive, channel, governanceMode,
    projects: totals.projects,
    direction: split(direction.rows), flow: split(flow.rows), modality: split(modality.rows),
    partnerRegions: { items: regions.rows.map((r) => ({ code: r.code as string, count: r.n })) },
  };
}

/** GADs side by side over one period: each one's actions of every kind, awards won and leadership roles held. */
export async function compareGads(ctx: Ctx, q: { gads: string; from?: number; to?: number; undated: Undated }) {
  const period = resolvePeriod(q, thisYear(ctx));
  const gads = await comparedGads(ctx, q.gads);
  const ids = gads.map((g) => g.id);
  const [counts, roles] = await Promise.all([countsByYear(ctx, ids, period), rolesByYear(ctx, ids, period)]);
  return {
    from: period.from, to: period.to, undated: q.undated,
    items: gads.map((g) => comparisonItem(g, period, counts, roles, q.undated)),
  };
}
