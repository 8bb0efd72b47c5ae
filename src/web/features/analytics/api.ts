import { getJson } from '../../api/client.ts';

export const KINDS = ['participation', 'award', 'visit', 'hosted_event', 'agreement', 'membership', 'project'] as const;
export type Kind = (typeof KINDS)[number];
export type Counts = Record<Kind, number>;

export interface GadRef { id: string; dpaCode: string; name: string; level: string }
export interface Money { byCurrency: { currency: string; amountMinor: number; usdMinor: number | null; usdPerUnit: number | null }[]; usdMinor: number; unconverted: string[] }
export interface PositioningRow { year: number; counts: Counts; total: number; awardsWon: number; leadershipRoles: number; money: Money }
export interface Positioning {
  gad: GadRef; from: number; to: number;
  rows: PositioningRow[];
  undated: Omit<PositioningRow, 'year'>;
  totals: { counts: Counts; total: number };
  /** When the figures (read from rollups refreshed every 15 s) were last brought up to date. */
  asOf?: string;
}
export interface Split { items: { code: string; count: number }[]; unclassified?: number }
export interface Breakdowns {
  gad: GadRef; actions: number; projects: number;
  themes: Split; territorialScope: Split; motive: Split; channel: Split; governanceMode: Split;
  direction: Split; flow: Split; modality: Split; partnerRegions: Split;
}
export interface Comparison { items: { gad: GadRef; counts: Counts; total: number; awardsWon: number; leadershipRolesHeld: number; byYear: { year: number; total: number }[] }[] }
export interface TimelineItem {
  id: string; type: Kind; title: string; start: string | null; end: string | null; city: string | null; country: string | null;
  partners: string[]; agreement: { kind: string; state: string; signedOn: string | null; validUntil: string | null } | null;
}
export interface Timeline { gad: GadRef; items: TimelineItem[]; undated: TimelineItem[]; limit?: number; truncated?: boolean }
export interface PartnerMap {
  countries: { code: string; isoNumeric: string | null; name: { es: string; en: string; pt: string }; region: string; actions: number; partners: number }[];
  cities: { name: string; country: string; lat: number; lon: number; actions: number; partners: string[] }[];
  unplaced: { city: string; country: string; actions: number }[];
}
export interface National {
  from: number; to: number; gads: number; activeGads: number; shareActive: number | null;
  byLevel: { level: string; gads: number; activeGads: number; shareActive: number | null }[];
  ranking: { rank: number; gad: GadRef; counts: Counts; total: number; leadershipRoles: number }[];
  provinces: { dpaCode: string; name: string; gads: number; activeGads: number; actions: number }[];
  asOf?: string;
}

type Period = { from: number; to: number };
export const analyticsApi = {
  positioning: (gad: string, p: Period, signal?: AbortSignal) => getJson<Positioning>('/indicators/positioning', { gad, ...p }, signal),
  breakdowns: (gad: string, p: Period, signal?: AbortSignal) => getJson<Breakdowns>('/indicators/breakdowns', { gad, ...p }, signal),
  comparison: (gads: string[], p: Period, signal?: AbortSignal) => getJson<Comparison>('/indicators/comparison', { gads: gads.join(','), ...p }, signal),
  timeline: (gad: string, p: Period & { type?: string }, signal?: AbortSignal) => getJson<Timeline>(`/gads/${encodeURIComponent(gad)}/timeline`, p, signal),
  partnerMap: (gad: string | null, p: Period, signal?: AbortSignal) => getJson<PartnerMap>('/indicators/partner-map', { gad, ...p }, signal),
  national: (p: Period, signal?: AbortSignal) => getJson<National>('/indicators/national', { ...p, limit: 20 }, signal),
};

export const reportUrl = (gad: string, p: Period, lang: string) =>
  `/api/gads/${encodeURIComponent(gad)}/annual-report.pdf?${p.from === p.to ? `year=${p.from}` : `from=${p.from}&to=${p.to}`}&lang=${lang}`;
