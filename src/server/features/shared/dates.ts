/** GADs work on Ecuador's calendar: a due date passes at midnight in Quito, not in UTC. */
export const GAD_TIME_ZONE = 'America/Guayaquil';

export function localDate(now: Date, timeZone = GAD_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
