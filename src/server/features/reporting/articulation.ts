import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { visibleTo } from '../shared/visibility.ts';
import { figures, rankGads, type ArticulationCounts } from './articulation-index.ts';

interface Row extends ArticulationCounts { gad_id: string | null; year: number | null; by_gad: boolean; by_year: boolean }

/**
 * An agreement counts as reported from the earlier of its report to the platform and the
 * sent_to_ministry_on date recorded with it. Quito's thesis records carry neither, so they count as
 * never reported: the historical truth. Agreements without any date fall in the year `null`.
 */
export async function articulationIndex(ctx: Ctx, query: { gad?: string; from?: number; to?: number }) {
  let gadId: string | null = null;
  let gad: { id: string; name: string; dpaCode: string } | null = null;
  if (query.gad) {
    const found = await sql<{ id: string; name: string; dpa_code: string }>`SELECT id, name, dpa_code FROM gad WHERE id::text = ${query.gad} OR dpa_code = ${query.gad}`.execute(ctx.db);
    const g = found.rows[0];
    if (!g) throw AppError.invalid('Unknown GAD', [{ field: 'query.gad', message: 'Unknown GAD' }]);
    gadId = g.id;
    gad = { id: g.id, name: g.name, dpaCode: g.dpa_code };
  }
  const scope = gadId ? sql`a.gad_id = ${gadId}` : sql`true`;
  const bounded = query.from !== undefined || query.to !== undefined;
  const inYears = (year: ReturnType<typeof sql>) => bounded
    ? sql`${year} BETWEEN ${query.from ?? 1900} AND ${query.to ?? 2200}`
    : sql`true`;
  const agreementYear = sql`extract(year FROM COALESCE(ag.signed_on, a.start_date))::int`;
  const projectYear = sql`extract(year FROM a.start_date)::int`;
  const result = await sql<Row>`
    WITH agreements AS (
      SELECT a.gad_id, ${agreementYear} AS year, ag.signed_on,
             LEAST(ag.sent_to_ministry_on, (SELECT min((r.submitted_at AT TIME ZONE 'America/Guayaquil')::date) FROM report r
                                            WHERE r.action_id = a.id AND r.kind = 'agreement')) AS reported_on
      FROM action a JOIN agreement ag ON ag.action_id = a.id
      WHERE ${visibleTo(ctx.actor, 'a')} AND ${scope} AND ag.state <> 'negotiating' AND ${inYears(agreementYear)}
    ), projects AS (
      SELECT a.gad_id, ${projectYear} AS year, (p.register_number IS NOT NULL) AS registered
      FROM action a JOIN project p ON p.action_id = a.id
      WHERE ${visibleTo(ctx.actor, 'a')} AND ${scope} AND ${inYears(projectYear)}
    ), facts AS (
      SELECT gad_id, year, 1 AS agreement, (reported_on IS NOT NULL)::int AS reported,
             COALESCE((reported_on - signed_on) <= 30, false)::int AS on_time, (reported_on - signed_on) AS days, 0 AS project, 0 AS registered
      FROM agreements
      UNION ALL
      SELECT gad_id, year, 0, 0, 0, NULL, 1, registered::int FROM projects
    )
    SELECT gad_id, year, GROUPING(gad_id) = 0 AS by_gad, GROUPING(year) = 0 AS by_year,
           sum(agreement)::int AS "agreementsSigned", sum(reported)::int AS "agreementsReported",
           sum(on_time)::int AS "reportedWithin30Days", sum(project)::int AS projects, sum(registered)::int AS "projectsRegistered",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS "medianDaysToReport"
    FROM facts GROUP BY GROUPING SETS ((gad_id, year), (gad_id), (year), ())`.execute(ctx.db);
  const counts = (r: Row): ArticulationCounts => ({
    agreementsSigned: r.agreementsSigned, agreementsReported: r.agreementsReported, reportedWithin30Days: r.reportedWithin30Days,
    projects: r.projects, projectsRegistered: r.projectsRegistered, medianDaysToReport: r.medianDaysToReport === null ? null : Number(r.medianDaysToReport),
  });
  const byYear = result.rows.filter((r) => r.by_year && !r.by_gad)
    .sort((a, b) => (a.year ?? 9999) - (b.year ?? 9999))
    .map((r) => ({ year: r.year, ...figures(counts(r)) }));
  const total = result.rows.find((r) => !r.by_year && !r.by_gad);
  const empty = figures({ agreementsSigned: 0, agreementsReported: 0, reportedWithin30Days: 0, projects: 0, projectsRegistered: 0, medianDaysToReport: null });
  const response = { gad, from: query.from ?? null, to: query.to ?? null, years: byYear, total: total ? figures(counts(total)) : empty };
  if (gad) return response;
  const perGad = result.rows.filter((r) => r.by_gad && !r.by_year);
  const names = perGad.length
    ? await sql<{ id: string; name: string; dpa_code: string }>`SELECT id, name, dpa_code FROM gad WHERE id = ANY(${perGad.map((r) => r.gad_id!)}::uuid[])`.execute(ctx.db)
    : { rows: [] };
  const nameOf = new Map(names.rows.map((g) => [g.id, { id: g.id, name: g.name, dpaCode: g.dpa_code }]));
  return { ...response, ranking: rankGads(perGad.map((r) => ({ gad: nameOf.get(r.gad_id!)!, ...figures(counts(r)) }))) };
}
