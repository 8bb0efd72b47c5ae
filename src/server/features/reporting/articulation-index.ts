/**
 * The articulation index: how far central government is told what a GAD signs and runs. The thesis
 * calls this relation "difusa, confusa, nula"; these figures measure it. Pure arithmetic over counts.
 */
export interface ArticulationCounts {
  agreementsSigned: number;
  agreementsReported: number;
  reportedWithin30Days: number;
  projects: number;
  projectsRegistered: number;
  /** Median days from signature to report, over reported agreements with a known signature date. */
  medianDaysToReport: number | null;
}

export interface ArticulationFigures extends ArticulationCounts {
  reportedShare: number | null;
  reportedWithin30DaysShare: number | null;
  projectsRegisteredShare: number | null;
}

/** A share to three decimals; null when there is nothing to count (not zero: nothing was owed). */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}

export function figures(c: ArticulationCounts): ArticulationFigures {
  return {
    ...c,
    reportedShare: share(c.agreementsReported, c.agreementsSigned),
    reportedWithin30DaysShare: share(c.reportedWithin30Days, c.agreementsSigned),
    projectsRegisteredShare: share(c.projectsRegistered, c.projects),
  };
}

/**
 * GADs ranked by the share of agreements reported, then of projects registered, then by volume;
 * a GAD with nothing owed (no share) ranks after every GAD that owed something.
 */
export function rankGads<T extends ArticulationFigures & { gad: { name: string } }>(rows: T[]): (T & { rank: number })[] {
  const key = (v: number | null) => (v === null ? -1 : v);
  return [...rows]
    .sort((a, b) => key(b.reportedShare) - key(a.reportedShare)
      || key(b.projectsRegisteredShare) - key(a.projectsRegisteredShare)
      || (b.agreementsSigned + b.projects) - (a.agreementsSigned + a.projects)
      || a.gad.name.localeCompare(b.gad.name, 'es'))
    .map((row, i) => ({ ...row, rank: i + 1 }));
}

/** percentile_cont(0.5) over values given with their counts: the middle value, or the mean of the two middle ones. */
export function weightedMedian(values: { value: number; n: number }[]): number | null {
  const sorted = values.filter((v) => v.n > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, v) => sum + v.n, 0);
  if (total === 0) return null;
  const at = (index: number) => {
    let seen = 0;
    for (const v of sorted) {
      seen += v.n;
      if (index < seen) return v.value;
    }
    return sorted[sorted.length - 1]!.value;
  };
  const position = (total - 1) / 2;
  const low = at(Math.floor(position));
  const high = at(Math.ceil(position));
  return low + (high - low) * (position - Math.floor(position));
}
