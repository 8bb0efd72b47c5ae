import { sql, type RawBuilder } from 'kysely';
import type { Actor, Ctx } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/app-error.ts';
import { rollupVisibleTo } from '../../rollups/visibility.ts';
import type { ActionKind } from './schema.ts';
import type { CountRow, MoneyRow, Period, Rate } from './positioning.ts';
import { lookupGad, type GadRow } from '../shared/gad-lookup.ts';

export type { GadRow };

export const presentGad = (g: GadRow) => ({ id: g.id, dpaCode: g.dpa_code, name: g.name, level: g.level });

export async function findGad(db: Db, reference: string, field = 'query.gad'): Promise<GadRow> {
  const row = await lookupGad(db, reference);
  if (!row) {
    if (field.startsWith('params')) throw AppError.notFound('GAD');
    throw AppError.invalid('No such GAD', [{ field, message: `No GAD has the id or DPA code ${reference}` }]);
  }
  return row;
}

/**
 * The rollup rows (features/analytics/rollup.ts) of a period as the reader may see them: actions that
 * started within the years, or (when asked) with no known date. `alias` is the rollup table's alias.
 */
export function inRollupPeriod(actor: Actor, alias: string, period: Period, undated: 'include' | 'exclude'): RawBuilder<boolean> {
  const r = sql.ref(alias);
  const dated = sql`${r}.year BETWEEN ${period.from}::int AND ${period.to}::int`;
  const when = undated === 'include' ? sql`(${dated} OR ${r}.year IS NULL)` : dated;
  return sql<boolean>`(${when} AND ${rollupVisibleTo(actor, alias)})`;
}

export const gadFilter = (gadIds: string[] | null, alias = 'r') => (gadIds ? sql`${sql.ref(alias)}.gad_id = ANY(${gadIds}::uuid[])` : sql`true`);

export async function countsByYear(ctx: Ctx, gadIds: string[] | null, period: Period) {
  const result = await sql<{ gad_id: string; year: number | null; type: ActionKind; n: number; won: number }>`
    SELECT r.gad_id, r.year, r.type, sum(r.n)::int AS n, sum(r.won)::int AS won
    FROM analytics_action_year r
    WHERE ${gadFilter(gadIds)} AND ${inRollupPeriod(ctx.actor, 'r', period, 'include')}
    GROUP BY 1, 2, 3`.execute(ctx.db);
  return result.rows as (CountRow & { gad_id: string })[];
}

/** Leadership roles in city networks held in each year of the period; roles with no start apart (year null). */
export async function rolesByYear(ctx: Ctx, gadIds: string[] | null, period: Period) {
  const result = await sql<{ gad_id: string; year: number | null; n: number }>`
    SELECT r.gad_id, y.year, sum(r.n)::int AS n
    FROM analytics_role r
    JOIN LATERAL (
      SELECT generate_series(GREATEST(r.start_year, ${period.from}::int), LEAST(COALESCE(r.end_year, ${period.to}::int), ${period.to}::int)) AS year
      WHERE r.start_year IS NOT NULL
      UNION ALL SELECT NULL::int WHERE r.start_year IS NULL
    ) y ON true
    WHERE ${gadFilter(gadIds)} AND ${rollupVisibleTo(ctx.actor, 'r')}
    GROUP BY 1, 2`.execute(ctx.db);
  return result.rows;
}

/** Budgeted money of the period's projects, per project start year and currency. */
export async function moneyByYear(ctx: Ctx, gadIds: string[] | null, period: Period) {
  const result = await sql<{ gad_id: string; year: number | null; currency: string; amount: string }>`
    SELECT r.gad_id, r.year, r.currency, sum(r.amount_minor)::text AS amount
    FROM analytics_money r
    WHERE ${gadFilter(gadIds)} AND ${inRollupPeriod(ctx.actor, 'r', period, 'include')}
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
