import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { Rollup } from '../../rollups/registry.ts';
import { localDate } from '../shared/dates.ts';
import { rollupRows, visibleRollup } from '../shared/rollup-visibility.ts';
import { visibleTo } from '../shared/visibility.ts';
import { agreementsWithActivity, type AgreementActivityRow } from './records.ts';

const STATES = sql`ag.state IN ('signed', 'in_force', 'reactivated', 'dormant')`;

/**
 * Each live agreement of a GAD with its latest linked activity, computed for the Ecuador day of the
 * refresh. Activity depends on the day (an action dated in the future does not count yet), so the
 * rollup records that day and the first later day on which a dated record of the GAD would start
 * to count (stale_on); a reader on another day computes live until the next refresh.
 */
export const agreementRollup: Rollup = {
  name: 'followup-agreements',
  async refreshGad(db: Db, gadId: string) {
    const today = localDate(new Date());
    await sql`DELETE FROM followup_agreement_rollup WHERE gad_id = ${gadId}`.execute(db);
    const rows = agreementsWithActivity(sql<boolean>`a.deleted_at IS NULL AND a.gad_id = ${gadId} AND ${STATES}`, today, gadId);
    await sql`INSERT INTO followup_agreement_rollup (action_id, gad_id, visibility, title, state, valid_until, last_activity_on, partner_ids)
      SELECT id, gad_id, visibility, title, state, valid_until::date, last_activity_on::date, partner_ids FROM (${rows}) r`.execute(db);
    await sql`INSERT INTO followup_rollup_day (gad_id, computed_on, stale_on)
      VALUES (${gadId}, ${today}::date, (SELECT min(d) FROM (
        SELECT min(start_date) AS d FROM action WHERE gad_id = ${gadId} AND start_date > ${today}::date
        UNION ALL SELECT min(end_date) FROM action WHERE gad_id = ${gadId} AND end_date > ${today}::date
        UNION ALL SELECT min(GREATEST(ag.signed_on, ag.valid_from, a.start_date)) FROM agreement ag JOIN action a ON a.id = ag.action_id
          WHERE a.gad_id = ${gadId} AND GREATEST(ag.signed_on, ag.valid_from, a.start_date) > ${today}::date
        UNION ALL SELECT min(completed_on) FROM commitment WHERE gad_id = ${gadId} AND completed_on > ${today}::date) future))
      ON CONFLICT (gad_id) DO UPDATE SET computed_on = EXCLUDED.computed_on, stale_on = EXCLUDED.stale_on`.execute(db);
  },
};

/**
 * The live agreements of a GAD the caller may read, with their latest activity (`only`: just those
 * that may be dormant or expiring, a prefilter the caller's rules then decide on): from the rollup
 * when it was computed for today and nothing dated has come due since; otherwise live (and the GAD
 * is marked for a refresh, so the next reader gets the rollup).
 */
export async function agreementsOf(ctx: Ctx, gadId: string, today: string, only?: { quietSince: string; expiringBy: string }): Promise<AgreementActivityRow[]> {
  const day = await sql<{ computed_on: string; stale_on: string | null }>`SELECT computed_on, stale_on FROM followup_rollup_day WHERE gad_id = ${gadId}`.execute(ctx.db);
  const state = day.rows[0];
  const current = state && state.computed_on === today && (state.stale_on === null || state.stale_on > today);
  if (current) {
    const rows = await sql<AgreementActivityRow>`SELECT r.action_id AS id, r.gad_id, r.title, r.visibility, r.state,
        to_char(r.valid_until, 'YYYY-MM-DD') AS valid_until, to_char(r.last_activity_on, 'YYYY-MM-DD') AS last_activity_on, r.partner_ids
      FROM ${rollupRows('followup_agreement_rollup')} r WHERE r.gad_id = ${gadId} AND ${visibleRollup(ctx.actor, 'r')}
        ${only ? sql`AND (r.state = 'dormant' OR r.last_activity_on <= ${only.quietSince}::date
          OR (r.state <> 'dormant' AND r.valid_until BETWEEN ${today}::date AND ${only.expiringBy}::date))` : sql``}
      ORDER BY r.title, r.action_id`.execute(ctx.db);
    return rows.rows;
  }
  // A rollup computed for an earlier day is out of date; one for a later day means a test clock.
  if (state && state.computed_on < today) {
    await sql`INSERT INTO rollup_dirty (gad_id) SELECT ${gadId}::uuid WHERE NOT EXISTS (SELECT 1 FROM rollup_dirty WHERE gad_id = ${gadId})`.execute(ctx.db);
  }
  const where = sql<boolean>`${visibleTo(ctx.actor, 'a')} AND a.gad_id = ${gadId} AND ${STATES}`;
  return (await agreementsWithActivity(where, today, gadId).execute(ctx.db)).rows;
}
