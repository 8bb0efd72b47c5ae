import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { commitmentFilter, selectCommitments, type CommitmentQuery } from '../commitments/queries.ts';
import { presentCommitment } from '../commitments/present.ts';
import { localDate } from '../shared/dates.ts';
import { resolveGad } from './gad.ts';

export function endOfMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

const OPEN = sql<boolean>`c.state IN ('pending', 'in_progress')`;

/**
 * The board of one GAD: overdue, due soon (this month unless a window is given), later (or
 * undated), done. Each column is one query with the caller's visibility, so its total never
 * counts a commitment the caller could not open.
 */
export async function followUpBoard(ctx: Ctx, q: CommitmentQuery & { gad?: string; due_before?: string; limit: number }) {
  const gadRef = q.gad ?? (ctx.actor.kind === 'user' ? ctx.actor.gadId : null);
  if (!gadRef) throw AppError.invalid('Which GAD?', [{ field: 'query.gad', message: 'Name the GAD whose board to show' }]);
  const gad = await resolveGad(ctx.db, gadRef, 'query.gad');
  const today = localDate(ctx.now);
  const windowEnd = q.due_before ?? endOfMonth(today);
  const base = commitmentFilter(ctx.actor, today, { gad: gad.id, responsible: q.responsible, unit: q.unit, kind: q.kind, source: q.source });
  const column = async (condition: RawBuilder<boolean>) => {
    const { rows, total } = await selectCommitments(ctx.db, sql<boolean>`${base} AND ${condition}`, today, { limit: q.limit, offset: 0 });
    return { items: rows.map(presentCommitment), total };
  };
  const [overdue, dueSoon, later, done] = await Promise.all([
    column(sql<boolean>`${OPEN} AND c.due_on < ${today}::date`),
    column(sql<boolean>`${OPEN} AND c.due_on BETWEEN ${today}::date AND ${windowEnd}::date`),
    column(sql<boolean>`${OPEN} AND (c.due_on > ${windowEnd}::date OR c.due_on IS NULL)`),
    column(sql<boolean>`c.state = 'done'`),
  ]);
  return { gad, today, dueBefore: windowEnd, columns: { overdue, dueSoon, later, done } };
}
