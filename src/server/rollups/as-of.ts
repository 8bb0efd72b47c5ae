import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/**
 * When the figures of these GADs (or of every GAD) were last brought up to date: the oldest change
 * still waiting for a refresh, or, when none waits, when the last refresh run started. ISO string.
 */
export async function rollupsAsOf(db: Db, gadIds?: string[]): Promise<string> {
  const result = await sql<{ as_of: Date }>`
    SELECT LEAST(
      (SELECT min(marked_at) FROM rollup_dirty ${gadIds ? sql`WHERE gad_id = ANY(${gadIds}::uuid[])` : sql``}),
      (SELECT refreshed_at FROM rollups_state)) AS as_of`.execute(db);
  return new Date(result.rows[0]!.as_of).toISOString();
}
