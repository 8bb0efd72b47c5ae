import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { allRollups } from './all.ts';
import type { Rollup } from './registry.ts';

// Namespace of the per-GAD refresh locks (pg_advisory_xact_lock(namespace, hashtext(gad id))).
const REFRESH_LOCK_NAMESPACE = 727_080;
// GADs per transaction: big enough that the first full refresh of 1,100 GADs is a few dozen
// transactions, small enough that a failure redoes little and locks are held briefly.
const BATCH = 50;

export interface RefreshOptions {
  rollups?: readonly Rollup[];
  /** Stop after this many GADs (the rest stay dirty for the next run). */
  maxGads?: number;
}

/**
 * Recomputes the rollups of every dirty GAD. Each batch is one transaction that takes the dirty
 * marks (SKIP LOCKED, so instances running this at once share the work instead of queueing), locks
 * each GAD's refresh (so two refreshers of one GAD run one after the other, and the second sees the
 * first's rows), deletes the marks and recomputes. A mark is deleted only with the recomputed rows
 * it asked for: if the refresh fails, the marks come back and the next run retries.
 */
export async function refreshDirtyRollups(db: Db, options: RefreshOptions = {}): Promise<{ gads: number }> {
  const rollups = options.rollups ?? allRollups();
  const max = options.maxGads ?? Infinity;
  const started = (await sql<{ now: Date }>`SELECT now() AS now`.execute(db)).rows[0]!.now;
  let gads = 0;
  while (gads < max) {
    const done = await db.transaction().execute((tx) => refreshBatch(tx, rollups, Math.min(BATCH, max - gads)));
    if (done === 0) break;
    // After the commit, on purpose: a national view computed before this instant may lack the batch.
    await sql`UPDATE rollups_state SET changed_at = now()`.execute(db);
    gads += done;
  }
  if (gads < max) await sql`UPDATE rollups_state SET refreshed_at = GREATEST(refreshed_at, ${started}::timestamptz)`.execute(db);
  return { gads };
}

async function refreshBatch(tx: Db, rollups: readonly Rollup[], size: number): Promise<number> {
  const picked = await sql<{ gad_id: string }>`
    SELECT gad_id FROM rollup_dirty FOR UPDATE SKIP LOCKED LIMIT ${size * 4}`.execute(tx);
  const gadIds = [...new Set(picked.rows.map((r) => r.gad_id))].slice(0, size).sort();
  if (gadIds.length === 0) return 0;
  // One statement, keys in a fixed order: two refreshers locking overlapping batches cannot deadlock.
  await sql`SELECT pg_advisory_xact_lock(${REFRESH_LOCK_NAMESPACE}, k)
    FROM (SELECT DISTINCT hashtext(g) AS k FROM unnest(${gadIds}::text[]) g ORDER BY 1) keys`.execute(tx);
  // Marks another refresher holds are left to it (it will recompute after us, under the same lock).
  await sql`DELETE FROM rollup_dirty WHERE ctid IN (
    SELECT ctid FROM rollup_dirty WHERE gad_id = ANY(${gadIds}::uuid[]) FOR UPDATE SKIP LOCKED)`.execute(tx);
  for (const rollup of rollups) {
    if (rollup.refreshGads) await rollup.refreshGads(tx, gadIds);
    else for (const id of gadIds) await rollup.refreshGad(tx, id);
  }
  return gadIds.length;
}
