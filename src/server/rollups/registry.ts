import type { Db } from '../db/database.ts';

/**
 * A rollup: per-GAD aggregate rows a dashboard reads instead of aggregating the GAD's actions per
 * request. `refreshGad` deletes one GAD's rows and inserts them recomputed; it runs inside the
 * refresher's transaction, holding that GAD's refresh lock, so it never races another refresher.
 * Rows keep `gad_id` and `visibility` as keys so readers compose what they may see at query time.
 */
export interface Rollup {
  name: string;
  refreshGad(db: Db, gadId: string): Promise<void>;
  /** Optional: the same for many GADs in one statement each (cheaper for the first full refresh). */
  refreshGads?(db: Db, gadIds: string[]): Promise<void>;
}

const registered: Rollup[] = [];

/** Features register their rollups once at import; a name registered twice keeps the first. */
export function registerRollups(...rollups: Rollup[]): void {
  for (const rollup of rollups) if (!registered.some((r) => r.name === rollup.name)) registered.push(rollup);
}

export function allRollups(): readonly Rollup[] {
  return registered;
}
