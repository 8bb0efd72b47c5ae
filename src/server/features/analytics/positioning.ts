import { AppError } from '../../http/app-error.ts';
import { ACTION_KINDS, type ActionKind } from './schema.ts';

/** Pure rules of the positioning indicators: the period, the yearly rows and money conversion. */

export interface Period {
  from: number;
  to: number;
}

/** A period of whole years; `to` defaults to this year and `from` to nine years before it. */
export function resolvePeriod(q: { from?: number; to?: number }, thisYear: number, field = 'query'): Period {
  const to = q.to ?? (q.from !== undefined ? Math.max(q.from, thisYear) : thisYear);
  const from = q.from ?? to - 9;
  if (from > to) throw AppError.invalid('The period ends before it starts', [{ field: `${field}.to`, message: 'Must be on or after from' }]);
  if (to - from > 100) throw AppError.invalid('The period is longer than a century', [{ field: `${field}.from`, message: 'At most 100 years before to' }]);
  return { from, to };
}

export type KindCounts = Record<ActionKind, number>;
export const zeroCounts = (): KindCounts => Object.fromEntries(ACTION_KINDS.map((k) => [k, 0])) as KindCounts;

export interface Rate {
  currency: string;
  validFrom: string;
  usdPerUnit: number;
}

/** Digits after the decimal point of a currency (USD 2, JPY 0, ...): how minor units become units. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** The rate that applies to a year: the newest one valid from that year or before, or none. */
export function rateFor(rates: Rate[], currency: string, year: number | null): Rate | null {
  if (currency === 'USD') return { currency, validFrom: '1900-01-01', usdPerUnit: 1 };
  const candidates = rates.filter((r) => r.currency === currency && (year === null || Number(r.validFrom.slice(0, 4)) <= year));
  candidates.sort((a, b) => b.validFrom.localeCompare(a.validFrom));
  return candidates[0] ?? null;
}

/** Converts minor units of a currency to US cents at a rate, rounded to the cent. */
export function toUsdMinor(amountMinor: number, currency: string, usdPerUnit: number): number {
  return Math.round((amountMinor / 10 ** minorDigits(currency)) * usdPerUnit * 100);
}

export interface MoneyRow {
  year: number | null;
  currency: string;
  amountMinor: number;
}

export interface Money {
  byCurrency: { currency: string; amountMinor: number; usdMinor: number | null; usdPerUnit: number | null }[];
  /** The sum in US cents of what could be converted; currencies without a rate are named apart. */
  usdMinor: number;
  unconverted: string[];
}

export function money(rows: MoneyRow[], rates: Rate[], year: number | null): Money {
  const byCurrency = rows.filter((r) => r.year === year).sort((a, b) => a.currency.localeCompare(b.currency)).map((r) => {
    const rate = rateFor(rates, r.currency, year);
    return { currency: r.currency, amountMinor: r.amountMinor, usdMinor: rate ? toUsdMinor(r.amountMinor, r.currency, rate.usdPerUnit) : null, usdPerUnit: rate?.usdPerUnit ?? null };
  });
  return {
    byCurrency,
    usdMinor: byCurrency.reduce((sum, m) => sum + (m.usdMinor ?? 0), 0),
    unconverted: byCurrency.filter((m) => m.usdMinor === null).map((m) => m.currency),
  };
}

export interface CountRow {
  year: number | null;
  type: ActionKind;
  n: number;
  won: number;
}

export interface PositioningRow {
  year: number;
  counts: KindCounts;
  total: number;
  awardsWon: number;
  leadershipRoles: number;
  money: Money;
}

/**
 * One row per year of the period, zeros included, plus the records with no known date apart.
 * Actions belong to the year they start; a leadership role counts in every year it was held
 * (open-ended roles until the period ends).
 */
export function positioningRows(period: Period, counts: CountRow[], roles: { year: number | null; n: number }[], moneyRows: MoneyRow[], rates: Rate[]) {
  const rowFor = (year: number | null) => {
    const c = zeroCounts();
    let won = 0;
    for (const r of counts) {
      if (r.year !== year) continue;
      c[r.type] += r.n;
      won += r.won;
    }
    return {
      counts: c,
      total: Object.values(c).reduce((a, b) => a + b, 0),
      awardsWon: won,
      leadershipRoles: roles.filter((r) => r.year === year).reduce((a, r) => a + r.n, 0),
      money: money(moneyRows, rates, year),
    };
  };
  const rows: PositioningRow[] = [];
  for (let year = period.from; year <= period.to; year++) rows.push({ year, ...rowFor(year) });
  const undated = rowFor(null);
  const totals = zeroCounts();
  for (const row of [...rows, undated]) for (const k of ACTION_KINDS) totals[k] += row.counts[k];
  return { rows, undated, totals: { counts: totals, total: Object.values(totals).reduce((a, b) => a + b, 0) } };
}
