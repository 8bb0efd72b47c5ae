/**
 * The partnership exchange's matching, kept pure: which posts, GADs and foreign partners suit
 * an offer or a request, and why. Every match carries an `explanation`: a list of reasons as
 * codes (the UI words them in es, en or pt) naming the shared themes, the region and the evidence.
 */

export type Region = 'ecuador' | 'latin_america_caribbean' | 'north_america' | 'europe' | 'africa' | 'asia' | 'oceania' | 'middle_east';

/** Where a GAD is, for a preferred region: in Ecuador, and so in Latin America. */
export const GAD_REGIONS: Region[] = ['ecuador', 'latin_america_caribbean'];

export type Reason =
  | { reason: 'complements'; kind: 'offer' | 'request' }
  | { reason: 'shared_themes'; themes: string[] }
  | { reason: 'region'; preferred: Region | null; fits: Region[] }
  | { reason: 'open_until'; date: string }
  | { reason: 'evidence'; actions: { id: string; title: string; type: string; startDate: string | null; gad?: string }[] };

export interface PostForMatch {
  id: string;
  gadId: string;
  kind: 'offer' | 'request';
  themes: string[];
  preferredRegion: Region | null;
  expiresOn: string;
}

export interface EvidenceRow { id: string; title: string; type: string; startDate: string | null; themes: string[]; gad?: string }

/** A preferred region is met by a counterpart located in it; no preference is met by anyone. */
export function regionFits(preferred: Region | null, located: Region[]): boolean {
  return preferred === null || located.includes(preferred);
}

export function regionsOfCountry(country: string | null, worldRegion: Region | null): Region[] {
  if (country === 'EC') return GAD_REGIONS;
  return worldRegion ? [worldRegion] : [];
}

const shared = (a: string[], b: string[]) => a.filter((theme) => b.includes(theme)).sort();

/** Offers meet requests (and requests offers) of another GAD, open today, with a theme in common, each region preference met. */
export function matchPosts<T extends PostForMatch>(post: PostForMatch, candidates: T[], today: string) {
  const matches: { post: T; score: number; explanation: Reason[] }[] = [];
  for (const candidate of candidates) {
    if (candidate.id === post.id || candidate.kind === post.kind || candidate.gadId === post.gadId) continue;
    if (candidate.expiresOn < today) continue;
    const themes = shared(post.themes, candidate.themes);
    if (themes.length === 0) continue;
    if (!regionFits(post.preferredRegion, GAD_REGIONS) || !regionFits(candidate.preferredRegion, GAD_REGIONS)) continue;
    const preferred = post.preferredRegion ?? candidate.preferredRegion;
    matches.push({
      post: candidate,
      score: themes.length * 2 + (post.preferredRegion ? 1 : 0) + (candidate.preferredRegion ? 1 : 0),
      explanation: [
        { reason: 'complements', kind: candidate.kind },
        { reason: 'shared_themes', themes },
        { reason: 'region', preferred, fits: GAD_REGIONS },
        { reason: 'open_until', date: candidate.expiresOn },
      ],
    });
  }
  return matches.sort((a, b) => b.score - a.score || a.post.expiresOn.localeCompare(b.post.expiresOn));
}

/**
 * GADs or partners whose work (visible actions) shares the post's themes, in a region the post
 * accepts. `located` gives each candidate's regions. Ranked by shared themes, then amount of evidence.
 */
export function matchCandidates<C>(
  post: PostForMatch,
  candidates: { candidate: C; located: Region[]; evidence: EvidenceRow[] }[],
) {
  const matches: { candidate: C; score: number; explanation: Reason[] }[] = [];
  for (const { candidate, located, evidence } of candidates) {
    if (!regionFits(post.preferredRegion, located)) continue;
    const themes = [...new Set(evidence.flatMap((e) => shared(post.themes, e.themes)))].sort();
    if (themes.length === 0) continue;
    const newest = [...evidence].sort((a, b) => (b.startDate ?? '').localeCompare(a.startDate ?? ''));
    matches.push({
      candidate,
      score: themes.length * 2 + Math.min(evidence.length, 5),
      explanation: [
        { reason: 'shared_themes', themes },
        { reason: 'region', preferred: post.preferredRegion, fits: located },
        { reason: 'evidence', actions: newest.slice(0, 5).map(({ themes: _t, ...action }) => action) },
      ],
    });
  }
  return matches.sort((a, b) => b.score - a.score);
}
