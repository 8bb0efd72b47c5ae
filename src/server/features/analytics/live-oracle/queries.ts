import { sql, type RawBuilder } from 'kysely';
import type { Actor, Ctx } from '../../../context.ts';
import { visibleTo } from '../../shared/visibility.ts';
import type { ActionKind } from '../schema.ts';
import type { CountRow, MoneyRow, Period } from '../positioning.ts';

// The GAD lookup, the currency rates and the name columns read no aggregate: the oracle shares them.
export { currencyRates, findGad, nameCol, presentGad, type GadRow, type Lang } from '../queries.ts';

/**
 * The actions of a period as the reader may see them: started within the years, or (when asked)
 * with no known date. `alias` is the action's alias in the surrounding query.
 */
export function inPeriod(actor: Actor, alias: string, period: Period, undated: 'include' | 'exclude'): RawBuilder<boolean> {
  const a = sql.ref(alias);
  const dated = sql`${a}.start_date BETWEEN ${`${period.from}-01-01`}::date AND ${`${period.to}-12-31`}::date`;
  const when = undated === 'include' ? sql`(${dated} OR ${a}.start_date IS NULL)` : dated;
  return sql<boolean>`(${when} AND ${visibleTo(actor, alias)})`;
}

const gadFilter = (gadIds: string[] | null, alias = 'a') => (gadIds ? sql`${sql.ref(alias)}.gad_id = ANY(${gadIds}::uuid[])` : sql`true`);

export async function countsByYear(ctx: Ctx, gadIds: string[] | null, period: Period) {
  const result = await sql<{ gad_id: string; year: number | null; type: ActionKind; n: number; won: number }>`
    SELECT a.gad_id, EXTRACT(YEAR FROM a.start_date)::int AS year, a.type, count(*)::int AS n,
      count(*) FILTER (WHERE aw.outcome = 'won')::int AS won
    FROM action a LEFT JOIN award aw ON aw.action_id = a.id
    WHERE ${gadFilter(gadIds)} AND ${inPeriod(ctx.actor, 'a', period, 'include')}
    GROUP BY 1, 2, 3`.execute(ctx.db);
  return result.rows as (CountRow & { gad_id: string })[];
}

/** Leadership roles in city networks held in each year of the period; roles with no start apart (year null). */
export async function rolesByYear(ctx: Ctx, gadIds: string[] | null, period: Period) {
  const result = await sql<{ gad_id: string; year: number | null; n: number }>`
    SELECT a.gad_id, y.year, count(r.id)::int AS n
    FROM membership_role r JOIN action a ON a.id = r.action_id
    JOIN LATERAL (
      SELECT generate_series(GREATEST(EXTRACT(YEAR FROM r.term_start)::int, ${period.from}::int),
        LEAST(COALESCE(EXTRACT(YEAR FROM r.term_end)::int, ${period.to}::int), ${period.to}::int)) AS year
      WHERE r.term_start IS NOT NULL
      UNION ALL SELECT NULL::int WHERE r.term_start IS NULL
    ) y ON true
    WHERE ${gadFilter(gadIds)} AND ${visibleTo(ctx.actor, 'a')}
    GROUP BY 1, 2`.execute(ctx.db);
  return result.rows;
}

/** Budgeted money of the period's projects, per project start year and currency. */
export async function moneyByYear(ctx: Ctx, gadIds: string[] | null, period: Period) {
  const result = await sql<{ gad_id: string; year: number | null; currency: string; amount: string }>`
    SELECT a.gad_id, EXTRACT(YEAR FROM a.start_date)::int AS year, pa.currency, sum(pa.amount_minor)::text AS amount
    FROM project_amount pa JOIN action a ON a.id = pa.action_id
    WHERE pa.kind = 'budget' AND ${gadFilter(gadIds)} AND ${inPeriod(ctx.actor, 'a', period, 'include')}
    GROUP BY 1, 2, 3`.execute(ctx.db);
  return result.rows.map((r) => ({ gad_id: r.gad_id, year: r.year, currency: r.currency, amountMinor: Number(r.amount) })) as (MoneyRow & { gad_id: string })[];
}
