import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { rollupsAsOf } from '../../rollups/as-of.ts';
import { rollupRows, visibleRollup } from '../shared/rollup-visibility.ts';
import { figures, rankGads, weightedMedian, type ArticulationCounts } from './articulation-index.ts';
import { lookupGad } from '../shared/gad-lookup.ts';

interface Row extends ArticulationCounts { gad_id: string | null; year: number | null; by_gad: boolean; by_year: boolean }

/** The median days to report of the reported agreements in each grouping: a GAD and a year, a GAD, a year, or all. */
function mediansBy(rows: { gad_id: string; year: number | null; days: number; n: number }[]) {
  const groups = new Map<string, { value: number; n: number }[]>();
  const add = (key: string, value: { value: number; n: number }) => {
    const list = groups.get(key);
    if (list) list.push(value);
    else groups.set(key, [value]);
  };
  for (const r of rows) {
    const value = { value: r.days, n: r.n };
    for (const key of [`${r.gad_id}|${r.year}`, `${r.gad_id}|*`, `*|${r.year}`, '*|*']) add(key, value);
  }
  return (gadId: string | null | undefined, year: number | null | undefined) =>
    weightedMedian(groups.get(`${gadId === undefined ? '*' : gadId}|${year === undefined ? '*' : year}`) ?? []);
}

/**
 * Read from articulation_rollup (fresh within a minute), adding up only the rows the caller may see.
 * An agreement counts as reported from the earlier of its report to the platform and the
 * sent_to_ministry_on date recorded with it. Quito's thesis records carry neither, so they count as
 * never reported: the historical truth. Agreements without any date fall in the year `null`.
 */
export async function articulationIndex(ctx: Ctx, query: { gad?: string; from?: number; to?: number }) {
  let gadId: string | null = null;
  let gad: { id: string; name: string; dpaCode: string } | null = null;
  if (query.gad) {
    const g = await lookupGad(ctx.db, query.gad);
    if (!g) throw AppError.invalid('Unknown GAD', [{ field: 'query.gad', message: 'Unknown GAD' }]);
    gadId = g.id;
    gad = { id: g.id, name: g.name, dpaCode: g.dpa_code };
  }
  const scope = gadId ? sql`r.gad_id = ${gadId}` : sql`true`;
  const years = query.from !== undefined || query.to !== undefined
    ? sql`r.year BETWEEN ${query.from ?? 1900} AND ${query.to ?? 2200}`
    : sql`true`;
  const where = sql`${visibleRollup(ctx.actor, 'r')} AND ${scope} AND ${years}`;
  const [result, spreads, asOf] = await Promise.all([
    sql<Row>`
      SELECT r.gad_id, r.year, GROUPING(r.gad_id) = 0 AS by_gad, GROUPING(r.year) = 0 AS by_year,
             sum(r.agreements)::int AS "agreementsSigned", sum(r.reported)::int AS "agreementsReported",
             sum(r.on_time)::int AS "reportedWithin30Days", sum(r.projects)::int AS projects, sum(r.registered)::int AS "projectsRegistered",
             NULL::float8 AS "medianDaysToReport"
      FROM ${rollupRows('articulation_rollup')} r WHERE ${where}
      GROUP BY GROUPING SETS ((r.gad_id), (r.year), ())`.execute(ctx.db),
    // The days of reported agreements, for the medians of every grouping (few rows: only reported agreements have days).
    sql<{ gad_id: string; year: number | null; days: number; n: number }>`
      SELECT r.gad_id, r.year, r.days, sum(r.agreements)::int AS n
      FROM ${rollupRows('articulation_rollup')} r WHERE ${where} AND r.days IS NOT NULL GROUP BY 1, 2, 3`.execute(ctx.db),
    rollupsAsOf(ctx.db, gadId ? [gadId] : undefined),
  ]);
  const medians = mediansBy(spreads.rows);
  for (const row of result.rows) {
    row.medianDaysToReport = medians(row.by_gad ? row.gad_id : undefined, row.by_year ? row.year : undefined);
  }
  const counts = (r: Row): ArticulationCounts => ({
    agreementsSigned: r.agreementsSigned, agreementsReported: r.agreementsReported, reportedWithin30Days: r.reportedWithin30Days,
    projects: r.projects, projectsRegistered: r.projectsRegistered, medianDaysToReport: r.medianDaysToReport === null ? null : Number(r.medianDaysToReport),
  });
  const byYear = result.rows.filter((r) => r.by_year && !r.by_gad)
    .sort((a, b) => (a.year ?? 9999) - (b.year ?? 9999))
    .map((r) => ({ year: r.year, ...figures(counts(r)) }));
  const total = result.rows.find((r) => !r.by_year && !r.by_gad);
  const empty = figures({ agreementsSigned: 0, agreementsReported: 0, reportedWithin30Days: 0, projects: 0, projectsRegistered: 0, medianDaysToReport: null });
  const response = { gad, from: query.from ?? null, to: query.to ?? null, asOf, years: byYear, total: total ? figures(counts(total)) : empty };
  if (gad) return response;
  const perGad = result.rows.filter((r) => r.by_gad && !r.by_year);
  const names = perGad.length
    ? await sql<{ id: string; name: string; dpa_code: string }>`SELECT id, name, dpa_code FROM gad WHERE id = ANY(${perGad.map((r) => r.gad_id!)}::uuid[])`.execute(ctx.db)
    : { rows: [] };
  const nameOf = new Map(names.rows.map((g) => [g.id, { id: g.id, name: g.name, dpaCode: g.dpa_code }]));
  return { ...response, ranking: rankGads(perGad.map((r) => ({ gad: nameOf.get(r.gad_id!)!, ...figures(counts(r)) }))) };
}
