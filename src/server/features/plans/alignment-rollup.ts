import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Rollup } from '../../rollups/registry.ts';

/** A GAD's live actions per visibility and month of their start date, for the national alignment table. */
export const alignmentRollup: Rollup = {
  name: 'alignment-actions',
  async refreshGad(db: Db, gadId: string) {
    await sql`DELETE FROM alignment_action_rollup WHERE gad_id = ${gadId}`.execute(db);
    await sql`INSERT INTO alignment_action_rollup (gad_id, visibility, start_month, n)
      SELECT gad_id, visibility, date_trunc('month', start_date)::date, count(*) FROM action
      WHERE gad_id = ${gadId} AND deleted_at IS NULL AND start_date IS NOT NULL GROUP BY 1, 2, 3`.execute(db);
  },
};
