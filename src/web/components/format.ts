import type { DatePrecision } from '../api/client.ts';

/** Dates from the API are calendar dates (YYYY-MM-DD); format them in UTC so no day shifts. */
function parseDate(value: string): Date | null {
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(value: string | null | undefined, locale: string, precision: DatePrecision = 'day'): string {
  if (!value) return '';
  const date = parseDate(value);
  if (!date) return value;
  const options: Intl.DateTimeFormatOptions =
    precision === 'year'
      ? { year: 'numeric', timeZone: 'UTC' }
      : precision === 'month'
        ? { year: 'numeric', month: 'long', timeZone: 'UTC' }
        : { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

export function formatDateRange(
  start: string | null | undefined,
  end: string | null | undefined,
  locale: string,
  precision: DatePrecision = 'day',
): string {
  const from = formatDate(start, locale, precision);
  const to = formatDate(end, locale, precision);
  if (!from) return to;
  if (!to || to === from) return from;
  return `${from} – ${to}`;
}

export function formatDateTime(value: string, locale: string): string {
  const date = parseDate(value);
  if (!date) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amountMinor / 100);
  } catch {
    return `${formatNumber(amountMinor / 100, locale)} ${currency}`;
  }
}

export function isoDateLike(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value);
}
