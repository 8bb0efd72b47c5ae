/**
 * The peer finder's ranking, kept pure so that it can be read and tested on its own.
 * A GAD ranks higher when its matching work is recent, when there is more of it (weighted by
 * the kind of action), and when it wrote lessons about it that the caller may read.
 */

export type Why =
  | { reason: 'partner'; roles: string[] }
  | { reason: 'theme'; theme: string }
  | { reason: 'country'; country: string; via: 'place' | 'partner' };

export interface EvidenceAction {
  actionId: string;
  title: string;
  type: string;
  startDate: string | null;
  why: Why[];
}

export interface PeerCandidate {
  gad: { id: string; name: string; dpaCode: string; level: string };
  evidence: EvidenceAction[];
  lessons: { id: string; title: string; actionId: string }[];
}

/** Agreements and projects bind a GAD more than attending a meeting does. */
export const KIND_WEIGHTS: Record<string, number> = {
  agreement: 3, project: 3, membership: 2, visit: 1.5, hosted_event: 1.5, award: 1, participation: 1,
};
/** An action's weight halves every this many years. */
export const HALF_LIFE_YEARS = 4;
/** Sources without a date (the thesis's agreements) count, but as if long past. */
export const UNDATED_DECAY = 0.25;
export const RECENCY_WEIGHT = 5;
export const LESSON_WEIGHT = 1.5;

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export function yearsSince(date: string, today: string): number {
  return Math.max(0, (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / YEAR_MS);
}

export function decay(date: string | null, today: string): number {
  return date ? 0.5 ** (yearsSince(date, today) / HALF_LIFE_YEARS) : UNDATED_DECAY;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function scorePeer(candidate: PeerCandidate, today: string) {
  const dates = candidate.evidence.map((e) => e.startDate).filter((d): d is string => d !== null).sort();
  const latestDate = dates.at(-1) ?? null;
  const recency = latestDate ? decay(latestDate, today) : 0;
  const actions = candidate.evidence.reduce((sum, e) => sum + (KIND_WEIGHTS[e.type] ?? 1) * decay(e.startDate, today), 0);
  const lessons = candidate.lessons.length * LESSON_WEIGHT;
  return {
    score: round(RECENCY_WEIGHT * recency + actions + lessons),
    latestDate,
    components: { recency: round(RECENCY_WEIGHT * recency), actions: round(actions), lessons: round(lessons) },
  };
}

/** Highest score first; ties go to the most recent work, then to the name. Evidence newest first. */
export function rankPeers(candidates: PeerCandidate[], today: string) {
  return candidates
    .map((candidate) => ({
      ...candidate,
      ...scorePeer(candidate, today),
      actionCount: candidate.evidence.length,
      lessonCount: candidate.lessons.length,
      evidence: [...candidate.evidence].sort((a, b) => (b.startDate ?? '').localeCompare(a.startDate ?? '') || a.title.localeCompare(b.title)),
    }))
    .sort((a, b) => b.score - a.score || (b.latestDate ?? '').localeCompare(a.latestDate ?? '') || a.gad.name.localeCompare(b.gad.name));
}
