import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { rollupsAsOf } from '../../rollups/as-of.ts';
import { commitmentColumns, commitmentFilter, type CommitmentQuery, type CommitmentRow } from '../commitments/queries.ts';
import { presentCommitment } from '../commitments/present.ts';
import { addDays, localDate } from '../shared/dates.ts';
import { countCommitments, type DueCount } from './commitment-counts.ts';
import { resolveGad } from './gad.ts';

export function endOfMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

const OPEN_STATES = ['pending', 'in_progress'];
const OPEN = sql<boolean>`c.state IN ('pending', 'in_progress')`;

/** One page of a column, in due order (the commitment index on gad, due date and id walks it). */
async function columnPage(ctx: Ctx, where: RawBuilder<boolean>, today: string, limit: number) {
  const result = await sql<CommitmentRow>`SELECT ${commitmentColumns(today)} FROM commitment c JOIN action a ON a.id = c.action_id
    WHERE ${where} ORDER BY c.due_on NULLS LAST, c.id LIMIT ${limit}`.execute(ctx.db);
  return result.rows.map(presentCommitment);
}

/**
 * The board of one GAD: overdue, due soon (this month unless a window is given), later (or
 * undated), done. Each column's page and total see only what the caller may read; totals add up
 * the commitments rollup (fresh within a minute) plus the partial months at the column's edges.
 */
export async function followUpBoard(ctx: Ctx, q: CommitmentQuery & { gad?: string; due_before?: string; limit: number }) {
  const gadRef = q.gad ?? (ctx.actor.kind === 'user' ? ctx.actor.gadId : null);
  if (!gadRef) throw AppError.invalid('Which GAD?', [{ field: 'query.gad', message: 'Name the GAD whose board to show' }]);
  const gad = await resolveGad(ctx.db, gadRef, 'query.gad');
  const today = localDate(ctx.now);
  const windowEnd = q.due_before ?? endOfMonth(today);
  const afterWindow = addDays(windowEnd, 1);
  const filter = { responsible: q.responsible, unit: q.unit, kind: q.kind, source: q.source };
  const base = commitmentFilter(ctx.actor, today, { gad: gad.id, ...filter });
  const column = async (condition: RawBuilder<boolean>, count: DueCount) => {
    const [items, total] = await Promise.all([
      columnPage(ctx, sql<boolean>`${base} AND ${condition}`, today, q.limit),
      countCommitments(ctx, gad.id, today, filter, count),
    ]);
    return { items, total };
  };
  const [overdue, dueSoon, later, done] = await Promise.all([
    column(sql<boolean>`${OPEN} AND c.due_on < ${today}::date`, { states: OPEN_STATES, from: null, before: today }),
    column(sql<boolean>`${OPEN} AND c.due_on BETWEEN ${today}::date AND ${windowEnd}::date`, { states: OPEN_STATES, from: today, before: afterWindow }),
    column(sql<boolean>`${OPEN} AND (c.due_on > ${windowEnd}::date OR c.due_on IS NULL)`, { states: OPEN_STATES, from: afterWindow, before: null, undated: true }),
    column(sql<boolean>`c.state = 'done'`, { states: ['done'], from: null, before: null, undated: true }),
  ]);
  const asOf = await rollupsAsOf(ctx.db, [gad.id]);
  return { gad, today, dueBefore: windowEnd, asOf, columns: { overdue, dueSoon, later, done } };
}
