import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Rollup } from '../../rollups/registry.ts';

/**
 * The articulation index's facts of one GAD, added up per visibility, year and days from signature
 * to report: agreements (not negotiating) with whether and how soon they were reported, projects
 * with whether they were registered. The same rules as the live query they replace: an agreement's
 * year is its signature's (else its start's), it is reported from the earlier of its report to the
 * platform and the sent_to_ministry_on date.
 */
export const articulationRollup: Rollup = {
  name: 'articulation',
  async refreshGad(db: Db, gadId: string) {
    await sql`DELETE FROM articulation_rollup WHERE gad_id = ${gadId}`.execute(db);
    await sql`INSERT INTO articulation_rollup (gad_id, visibility, year, days, agreements, reported, on_time, projects, registered)
      WITH agreements AS (
        SELECT a.gad_id, a.visibility, extract(year FROM COALESCE(ag.signed_on, a.start_date))::int AS year, ag.signed_on,
               LEAST(ag.sent_to_ministry_on, (SELECT min((r.submitted_at AT TIME ZONE 'America/Guayaquil')::date) FROM report r
                                              WHERE r.action_id = a.id AND r.kind = 'agreement')) AS reported_on
        FROM action a JOIN agreement ag ON ag.action_id = a.id
        WHERE a.deleted_at IS NULL AND a.gad_id = ${gadId} AND ag.state <> 'negotiating'
      ), projects AS (
        SELECT a.gad_id, a.visibility, extract(year FROM a.start_date)::int AS year, (p.register_number IS NOT NULL) AS registered
        FROM action a JOIN project p ON p.action_id = a.id
        WHERE a.deleted_at IS NULL AND a.gad_id = ${gadId}
      ), facts AS (
        SELECT gad_id, visibility, year, 1 AS agreement, (reported_on IS NOT NULL)::int AS reported,
               COALESCE((reported_on - signed_on) <= 30, false)::int AS on_time, (reported_on - signed_on) AS days, 0 AS project, 0 AS registered
        FROM agreements
        UNION ALL
        SELECT gad_id, visibility, year, 0, 0, 0, NULL, 1, registered::int FROM projects
      )
      SELECT gad_id, visibility, year, days, sum(agreement), sum(reported), sum(on_time), sum(project), sum(registered)
      FROM facts GROUP BY gad_id, visibility, year, days`.execute(db);
  },
};
