import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { addDays, localDate } from '../shared/dates.ts';
import { visibleTo } from '../shared/visibility.ts';
import { rollupsAsOf } from '../../rollups/as-of.ts';
import { loadRules } from './records.ts';
import { agreementsOf } from './agreement-rollup.ts';
import { countCommitments } from './commitment-counts.ts';
import { addMonths, isDormant } from './rules.ts';
import { resolveGad } from './gad.ts';

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/**
 * A commitment "counts" for year Y when it was due in Y and is settled or past due by today: done
 * early, done late, or still open after its date. Cancelled ones do not count. Days late are the
 * days between the due date and completion (or today, while it is still open). Only the year's
 * commitments are read (the covering index on gad, state and due date finds them; the states are
 * every state but cancelled).
 */
async function yearFigures(ctx: Ctx, gadId: string, year: number, today: string) {
  const result = await sql<{ counted: number; on_time: number; trip_counted: number; trip_done: number; median_days_overdue: number | null }>`
    WITH counted AS (
      SELECT c.kind, c.state, c.due_on, c.completed_on,
        CASE WHEN c.state = 'done' THEN c.completed_on - c.due_on ELSE ${today}::date - c.due_on END AS days_late
      FROM commitment c JOIN action a ON a.id = c.action_id
      WHERE ${visibleTo(ctx.actor, 'a')} AND c.deleted_at IS NULL AND c.gad_id = ${gadId} AND c.state IN ('pending', 'in_progress', 'done')
        AND c.due_on >= ${`${year}-01-01`}::date AND c.due_on < ${`${year + 1}-01-01`}::date AND (c.state = 'done' OR c.due_on < ${today}::date)
    )
    SELECT count(*)::int AS counted,
      count(*) FILTER (WHERE state = 'done' AND completed_on <= due_on)::int AS on_time,
      count(*) FILTER (WHERE kind = 'trip_report')::int AS trip_counted,
      count(*) FILTER (WHERE kind = 'trip_report' AND state = 'done')::int AS trip_done,
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY days_late) FILTER (WHERE days_late > 0))::float AS median_days_overdue
    FROM counted`.execute(ctx.db);
  return result.rows[0]!;
}

export async function followUpIndicators(ctx: Ctx, gadReference: string, yearOption?: number) {
  const gad = await resolveGad(ctx.db, gadReference, null);
  const today = localDate(ctx.now);
  const year = yearOption ?? Number(today.slice(0, 4));
  const rules = (await loadRules(ctx.db))(gad.id);
  const horizon = addDays(today, 90);
  const [figures, overdueNow, agreements, asOf] = await Promise.all([
    yearFigures(ctx, gad.id, year, today),
    countCommitments(ctx, gad.id, today, {}, { states: ['pending', 'in_progress'], from: null, before: today }),
    agreementsOf(ctx, gad.id, today, { quietSince: addMonths(today, -rules.dormantMonths), expiringBy: horizon }),
    rollupsAsOf(ctx.db, [gad.id]),
  ]);
  const expiring = agreements.filter((a) => a.state !== 'dormant' && a.valid_until && a.valid_until >= today && a.valid_until <= horizon);
  const dormant = agreements.filter((a) => isDormant({ state: a.state, lastActivityOn: a.last_activity_on }, rules, today));
  const dormantPartners = new Set(dormant.flatMap((a) => a.partner_ids));
  return {
    gad, year, today, asOf,
    commitmentsCounted: figures.counted,
    doneOnTimePercent: share(figures.on_time, figures.counted),
    overdueCount: overdueNow,
    medianDaysOverdue: figures.median_days_overdue,
    tripReportsCounted: figures.trip_counted,
    tripReportsDeliveredPercent: share(figures.trip_done, figures.trip_counted),
    agreementsExpiringIn90Days: expiring.map((a) => ({ id: a.id, title: a.title, validUntil: a.valid_until })),
    dormantAgreements: dormant.map((a) => ({ id: a.id, title: a.title, lastActivityOn: a.last_activity_on })),
    dormantPartnerCount: dormantPartners.size,
    dormantMonths: rules.dormantMonths,
  };
}
