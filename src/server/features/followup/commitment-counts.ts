import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import type { Rollup } from '../../rollups/registry.ts';
import { commitmentFilter } from '../commitments/queries.ts';
import { rollupRows, visibleRollup } from '../shared/rollup-visibility.ts';
import { splitByMonth } from '../shared/month-split.ts';

/**
 * Live commitments (cancelled ones count nowhere) per GAD, visibility, source type, kind, state
 * and month due. A commitment is as visible as its action, whose visibility the row keeps; its GAD
 * is the commitment's, which is its action's.
 */
export const commitmentRollup: Rollup = {
  name: 'followup-commitments',
  async refreshGad(db: Db, gadId: string) {
    await sql`DELETE FROM followup_commitment_rollup WHERE gad_id = ${gadId}`.execute(db);
    await sql`INSERT INTO followup_commitment_rollup (gad_id, visibility, source, kind, state, due_month, n)
      SELECT c.gad_id, a.visibility, a.type, c.kind, c.state, date_trunc('month', c.due_on)::date, count(*)
      FROM commitment c JOIN action a ON a.id = c.action_id
      WHERE c.gad_id = ${gadId} AND c.deleted_at IS NULL AND a.deleted_at IS NULL AND c.state <> 'cancelled'
      GROUP BY 1, 2, 3, 4, 5, 6`.execute(db);
  },
};

export interface CountFilter { kind?: string; source?: string; responsible?: string; unit?: string }

export interface DueCount {
  states: string[];
  /** Due dates in [from, before); null bounds are open. */
  from: string | null;
  before: string | null;
  /** Also count commitments without a due date. */
  undated?: boolean;
}

/**
 * How many of a GAD's commitments the caller may read in `states` with a due date in the range.
 * Whole months come from the rollup, the partial months at the edges from the commitments
 * themselves; filters the rollup does not keep (person, unit) count everything live.
 */
export async function countCommitments(ctx: Ctx, gadId: string, today: string, filter: CountFilter, count: DueCount): Promise<number> {
  const live = (condition: RawBuilder<boolean>) => sql<number>`(SELECT count(*) FROM commitment c JOIN action a ON a.id = c.action_id
    WHERE ${commitmentFilter(ctx.actor, today, { gad: gadId, ...filter })} AND c.state = ANY(${count.states}::text[]) AND ${condition})`;
  const range = (from: string | null, before: string | null, column: RawBuilder<unknown>) => sql<boolean>`(${sql.join([
    from === null ? sql`true` : sql`${column} >= ${from}::date`,
    before === null ? sql`true` : sql`${column} < ${before}::date`,
  ], sql` AND `)})`;
  const undated = (column: RawBuilder<unknown>) => (count.undated ? sql`${column} IS NULL` : sql`false`);
  let total: RawBuilder<number>;
  if (filter.responsible || filter.unit) {
    total = live(sql<boolean>`(${range(count.from, count.before, sql`c.due_on`)} OR ${undated(sql`c.due_on`)})`);
  } else {
    const split = splitByMonth(count.from, count.before);
    const months = split.months ? range(split.months.from, split.months.before, sql`r.due_month`) : sql`false`;
    const rolled = sql<number>`(SELECT coalesce(sum(r.n), 0) FROM ${rollupRows('followup_commitment_rollup')} r
      WHERE r.gad_id = ${gadId} AND r.state = ANY(${count.states}::text[]) AND ${visibleRollup(ctx.actor, 'r')}
        ${filter.kind ? sql`AND r.kind = ${filter.kind}` : sql``} ${filter.source ? sql`AND r.source = ${filter.source}` : sql``}
        AND (${months} OR ${undated(sql`r.due_month`)}))`;
    const edges = split.live.map((edge) => live(range(edge.from, edge.before, sql`c.due_on`)));
    total = sql<number>`${sql.join([rolled, ...edges], sql` + `)}`;
  }
  const result = await sql<{ total: number }>`SELECT (${total})::int AS total`.execute(ctx.db);
  return result.rows[0]!.total;
}
