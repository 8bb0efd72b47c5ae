/**
 * A range of dates [from, before) split into whole months, which a monthly rollup answers, and the
 * partial months at its edges, which are counted live (a month of records is small). `null` bounds
 * are open. Pure: ISO dates in, ISO dates out.
 */
export interface MonthSplit {
  /** Whole months m with from ≤ m < before (first days of months); null bounds are open. Absent when none. */
  months?: { from: string | null; before: string | null };
  /** Day ranges [from, before) to count live. */
  live: { from: string | null; before: string | null }[];
}

export const firstOfMonth = (day: string) => `${day.slice(0, 7)}-01`;

export function nextMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

const ceilMonth = (day: string) => (day.endsWith('-01') ? day : nextMonth(day));

export function splitByMonth(from: string | null, before: string | null): MonthSplit {
  if (from !== null && before !== null && from >= before) return { live: [] };
  const lo = from === null ? null : ceilMonth(from);
  const hi = before === null ? null : firstOfMonth(before);
  if (lo !== null && hi !== null && lo >= hi) return { live: [{ from, before }] };
  const live: MonthSplit['live'] = [];
  if (from !== null && from < lo!) live.push({ from, before: lo });
  if (before !== null && hi! < before) live.push({ from: hi, before });
  return { months: { from: lo, before: hi }, live };
}
