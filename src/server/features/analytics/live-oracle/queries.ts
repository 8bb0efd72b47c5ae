import { sql, type RawBuilder } from 'kysely';
import type { Actor, Ctx } from '../../../context.ts';
import type { Db } from '../../../db/database.ts';
import { AppError } from '../../../http/app-error.ts';
import { visibleTo } from '../../shared/visibility.ts';
import type { ActionKind } from '../schema.ts';
import type { CountRow, MoneyRow, Period, Rate } from '../positioning.ts';

export interface GadRow {
  id: string;
  dpa_code: string;
  name: string;
  level: string;
}

export const presentGad = (g: GadRow) => ({ id: g.id, dpaCode: g.dpa_code, name: g.name, level: g.level });

export async function findGad(db: Db, reference: string, field = 'query.gad'): Promise<GadRow> {
  const result = await sql<GadRow>`SELECT id, dpa_code, name, level FROM gad WHERE id::text = ${reference} OR dpa_code = ${reference}`.execute(db);
  const row = result.rows[0];
  if (!row) {
    if (field.startsWith('params')) throw AppError.notFound('GAD');
    throw AppError.invalid('No such GAD', [{ field, message: `No GAD has the id or DPA code ${reference}` }]);
  }
  return row;
}

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

export async function currencyRates(db: Db): Promise<Rate[]> {
  const result = await sql<{ currency: string; valid_from: string; usd_per_unit: string }>`
    SELECT currency, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, usd_per_unit::text AS usd_per_unit FROM currency_rate ORDER BY currency, valid_from`.execute(db);
  return result.rows.map((r) => ({ currency: r.currency, validFrom: r.valid_from, usdPerUnit: Number(r.usd_per_unit) }));
}

export type Lang = 'es' | 'en' | 'pt';
export const nameCol = (lang: Lang, alias: string) => sql.ref(`${alias}.name_${lang}`);
