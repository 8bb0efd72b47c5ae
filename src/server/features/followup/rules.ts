/**
 * The follow-up rules as pure functions: (records, rules, today) → obligations to create.
 * No I/O and no clock here; the daily job reads the records, calls these, and writes what they
 * return under unique keys, so applying them twice changes nothing.
 */
import { addDays } from '../shared/dates.ts';

export interface FollowUpRules {
  tripReportDays: number;
  awardLessons: boolean;
  awardLessonsDays: number;
  /** Days before valid_until at which a renewal alert fires, e.g. [90, 30]. */
  renewalAlertDays: number[];
  dormantMonths: number;
  defaultResponsibleUserId: string | null;
}

export const DEFAULT_RULES: FollowUpRules = {
  tripReportDays: 15,
  awardLessons: true,
  awardLessonsDays: 30,
  renewalAlertDays: [90, 30],
  dormantMonths: 12,
  defaultResponsibleUserId: null,
};

/**
 * Obligations are derived only from events of the last year: loading a GAD's history (Quito's
 * record goes back to the 1990s) must not flood its board with decades-old trip reports.
 */
export const LOOKBACK_DAYS = 365;

export interface ParticipationRecord {
  actionId: string;
  gadId: string;
  title: string;
  /** The last day of the participation (its start when no end is recorded). */
  endedOn: string | null;
  responsibleUserId: string | null;
}

export interface AwardRecord {
  actionId: string;
  gadId: string;
  title: string;
  outcome: 'applied' | 'finalist' | 'won' | 'not_won';
  decidedOn: string | null;
  responsibleUserId: string | null;
}

export interface AgreementRecord {
  actionId: string;
  gadId: string;
  title: string;
  state: string;
  validUntil: string | null;
  /** The latest activity linked to the agreement: its own dates, actions with the same partner, notes. */
  lastActivityOn: string | null;
}

export interface NewCommitment {
  type: 'commitment';
  sourceKey: string;
  kind: 'trip_report' | 'award_lessons' | 'renewal';
  gadId: string;
  actionId: string;
  title: string;
  dueOn: string;
  responsibleUserId: string | null;
}

export interface NewAlert {
  type: 'alert';
  kind: 'renewal_alert' | 'dormant';
  dedupeKey: string;
  gadId: string;
  actionId: string;
  title: string;
  /** Renewal: days left until valid_until. Dormant: the date of the last activity. */
  daysLeft?: number;
  lastActivityOn?: string | null;
  validUntil?: string;
}

export type Obligation = NewCommitment | NewAlert;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  // 31 March minus one month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

const recent = (date: string, today: string) => date <= today && daysBetween(date, today) <= LOOKBACK_DAYS;

/** A trip report is owed N days after a participation ends; it is created once the participation has ended. */
export function tripReportObligations(records: ParticipationRecord[], rulesOf: (gadId: string) => FollowUpRules, today: string): NewCommitment[] {
  return records.flatMap((r) => {
    if (!r.endedOn || !recent(r.endedOn, today)) return [];
    const rules = rulesOf(r.gadId);
    return [{
      type: 'commitment' as const, sourceKey: `trip_report:${r.actionId}`, kind: 'trip_report' as const, gadId: r.gadId, actionId: r.actionId,
      title: r.title, dueOn: addDays(r.endedOn, rules.tripReportDays), responsibleUserId: r.responsibleUserId ?? rules.defaultResponsibleUserId,
    }];
  });
}

/** A lost award, or one still pending (applied, finalist), gets a "lessons" follow-up; a won award does not. */
export function awardLessonsObligations(records: AwardRecord[], rulesOf: (gadId: string) => FollowUpRules, today: string): NewCommitment[] {
  return records.flatMap((r) => {
    const rules = rulesOf(r.gadId);
    if (!rules.awardLessons || r.outcome === 'won' || !r.decidedOn || !recent(r.decidedOn, today)) return [];
    return [{
      type: 'commitment' as const, sourceKey: `award_lessons:${r.actionId}`, kind: 'award_lessons' as const, gadId: r.gadId, actionId: r.actionId,
      title: r.title, dueOn: addDays(r.decidedOn, rules.awardLessonsDays), responsibleUserId: r.responsibleUserId ?? rules.defaultResponsibleUserId,
    }];
  });
}

const LIVE_AGREEMENT = new Set(['signed', 'in_force', 'reactivated']);

/**
 * Renewal alerts: at each threshold (90, then 30 days before valid_until) one alert. When the
 * platform first sees an agreement already inside a smaller window, only the most urgent alert
 * fires, not a stale 90-day one. The first alert also opens a renewal commitment due on valid_until.
 */
export function renewalObligations(records: AgreementRecord[], rulesOf: (gadId: string) => FollowUpRules, today: string): Obligation[] {
  return records.flatMap((r) => {
    if (!LIVE_AGREEMENT.has(r.state) || !r.validUntil) return [];
    const daysLeft = daysBetween(today, r.validUntil);
    if (daysLeft < 0) return [];
    const thresholds = [...rulesOf(r.gadId).renewalAlertDays].sort((a, b) => a - b);
    const threshold = thresholds.find((t) => daysLeft <= t);
    if (threshold === undefined) return [];
    return [
      { type: 'commitment' as const, sourceKey: `renewal:${r.actionId}:${r.validUntil}`, kind: 'renewal' as const, gadId: r.gadId, actionId: r.actionId,
        title: r.title, dueOn: r.validUntil, responsibleUserId: null },
      { type: 'alert' as const, kind: 'renewal_alert' as const, dedupeKey: `renewal_alert:${r.actionId}:${r.validUntil}:${threshold}`, gadId: r.gadId,
        actionId: r.actionId, title: r.title, daysLeft, validUntil: r.validUntil },
    ];
  });
}

/** Dormant: a live agreement whose latest linked activity is at least N months old. Derived, never stored. */
export function isDormant(record: Pick<AgreementRecord, 'state' | 'lastActivityOn'>, rules: Pick<FollowUpRules, 'dormantMonths'>, today: string): boolean {
  if (!LIVE_AGREEMENT.has(record.state) && record.state !== 'dormant') return false;
  if (record.state === 'dormant') return true;
  return record.lastActivityOn !== null && record.lastActivityOn <= addMonths(today, -rules.dormantMonths);
}

/** One inbox alert when an agreement turns dormant; a new activity followed by new silence alerts again. */
export function dormantObligations(records: AgreementRecord[], rulesOf: (gadId: string) => FollowUpRules, today: string): NewAlert[] {
  return records.flatMap((r) => {
    if (r.state === 'dormant' || !isDormant(r, rulesOf(r.gadId), today)) return [];
    return [{ type: 'alert' as const, kind: 'dormant' as const, dedupeKey: `dormant:${r.actionId}:${r.lastActivityOn}`, gadId: r.gadId,
      actionId: r.actionId, title: r.title, lastActivityOn: r.lastActivityOn }];
  });
}

export interface FollowUpRecords {
  participations: ParticipationRecord[];
  awards: AwardRecord[];
  agreements: AgreementRecord[];
}

export function obligationsFor(records: FollowUpRecords, rulesOf: (gadId: string) => FollowUpRules, today: string): Obligation[] {
  return [
    ...tripReportObligations(records.participations, rulesOf, today),
    ...awardLessonsObligations(records.awards, rulesOf, today),
    ...renewalObligations(records.agreements, rulesOf, today),
    ...dormantObligations(records.agreements, rulesOf, today),
  ];
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
