import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { addDays, localDate } from '../shared/dates.ts';
import { visibleTo } from '../shared/visibility.ts';
import { lastActivitySql, loadRules } from './records.ts';
import { isDormant } from './rules.ts';
import { resolveGad } from './gad.ts';

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/**
 * A commitment "counts" for year Y when it was due in Y and is settled or past due by today: done
 * early, done late, or still open after its date. Cancelled ones do not count. Days late are the
 * days between the due date and completion (or today, while it is still open).
 */
async function commitmentFigures(ctx: Ctx, gadId: string, year: number, today: string) {
  const result = await sql<{ counted: number; on_time: number; trip_counted: number; trip_done: number; overdue_now: number; median_days_overdue: number | null }>`
    WITH c AS (
      SELECT c.kind, c.state, c.due_on, c.completed_on,
        CASE WHEN c.state = 'done' THEN c.completed_on - c.due_on ELSE ${today}::date - c.due_on END AS days_late
      FROM commitment c JOIN action a ON a.id = c.action_id
      WHERE ${visibleTo(ctx.actor, 'a')} AND c.deleted_at IS NULL AND c.gad_id = ${gadId} AND c.state <> 'cancelled'
    ), counted AS (
      SELECT * FROM c WHERE extract(year FROM due_on) = ${year} AND (state = 'done' OR due_on < ${today}::date)
    )
    SELECT
      (SELECT count(*)::int FROM counted) AS counted,
      (SELECT count(*)::int FROM counted WHERE state = 'done' AND completed_on <= due_on) AS on_time,
      (SELECT count(*)::int FROM counted WHERE kind = 'trip_report') AS trip_counted,
      (SELECT count(*)::int FROM counted WHERE kind = 'trip_report' AND state = 'done') AS trip_done,
      (SELECT count(*)::int FROM c WHERE state IN ('pending', 'in_progress') AND due_on < ${today}::date) AS overdue_now,
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY days_late)::float FROM counted WHERE days_late > 0) AS median_days_overdue
    `.execute(ctx.db);
  return result.rows[0]!;
}

/** Live agreements of the GAD the caller may read, with what the expiry and dormancy figures need. */
async function agreementFigures(ctx: Ctx, gadId: string, today: string) {
  const result = await sql<{ id: string; title: string; state: string; valid_until: string | null; last_activity_on: string | null; partner_ids: string[] }>`
    SELECT a.id, a.title, ag.state, ag.valid_until, to_char(${lastActivitySql(today)}, 'YYYY-MM-DD') AS last_activity_on,
      coalesce((SELECT array_agg(DISTINCT ap.partner_id::text) FROM action_partner ap WHERE ap.action_id = a.id), '{}') AS partner_ids
    FROM action a JOIN agreement ag ON ag.action_id = a.id
    WHERE ${visibleTo(ctx.actor, 'a')} AND a.gad_id = ${gadId} AND ag.state IN ('signed', 'in_force', 'reactivated', 'dormant')
    ORDER BY a.title, a.id`.execute(ctx.db);
  return result.rows;
}

export async function followUpIndicators(ctx: Ctx, gadReference: string, yearOption?: number) {
  const gad = await resolveGad(ctx.db, gadReference, null);
  const today = localDate(ctx.now);
  const year = yearOption ?? Number(today.slice(0, 4));
  const [figures, agreements, rulesOf] = await Promise.all([commitmentFigures(ctx, gad.id, year, today), agreementFigures(ctx, gad.id, today), loadRules(ctx.db)]);
  const rules = rulesOf(gad.id);
  const horizon = addDays(today, 90);
  const expiring = agreements.filter((a) => a.state !== 'dormant' && a.valid_until && a.valid_until >= today && a.valid_until <= horizon);
  const dormant = agreements.filter((a) => isDormant({ state: a.state, lastActivityOn: a.last_activity_on }, rules, today));
  const dormantPartners = new Set(dormant.flatMap((a) => a.partner_ids));
  return {
    gad, year, today,
    commitmentsCounted: figures.counted,
    doneOnTimePercent: share(figures.on_time, figures.counted),
    overdueCount: figures.overdue_now,
    medianDaysOverdue: figures.median_days_overdue,
    tripReportsCounted: figures.trip_counted,
    tripReportsDeliveredPercent: share(figures.trip_done, figures.trip_counted),
    agreementsExpiringIn90Days: expiring.map((a) => ({ id: a.id, title: a.title, validUntil: a.valid_until })),
    dormantAgreements: dormant.map((a) => ({ id: a.id, title: a.title, lastActivityOn: a.last_activity_on })),
    dormantPartnerCount: dormantPartners.size,
    dormantMonths: rules.dormantMonths,
  };
}
