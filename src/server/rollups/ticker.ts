import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { enqueueJob } from '../jobs/queue.ts';
import type { JobHandler } from '../jobs/worker.ts';
import { createTicker, type Ticker } from '../jobs/ticker.ts';
import { refreshDirtyRollups } from './refresh.ts';
import { refreshNationalViews } from './national-views.ts';
import { allNationalViews } from './all.ts';

export const ROLLUPS_QUEUE = 'rollups-refresh';
export const TICK_MS = 15_000;

/**
 * Asks for a refresh in this 15-second bucket. The job's unique key is the bucket, so every
 * instance may tick: one job per bucket exists and one worker runs it. Figures are then at most
 * a bucket, plus the worker's poll, plus the refresh itself behind the writes: well within a minute.
 */
export type RollupTicker = Ticker;

declare module 'fastify' {
  interface FastifyInstance {
    rollupTicker: RollupTicker;
  }
}

export function createRollupTicker(db: Db, clock: () => Date, log: (message: string, error?: unknown) => void = () => {}): RollupTicker {
  const tick = async (now = clock()) => {
    const bucket = Math.floor(now.getTime() / TICK_MS);
    return enqueueJob(db, ROLLUPS_QUEUE, { bucket }, { uniqueKey: `${ROLLUPS_QUEUE}:${bucket}`, runAt: now, maxAttempts: 1 });
  };
  return createTicker(tick, TICK_MS, (error) => log('rollups tick failed', error));
}

export function rollupJobHandlers(app: FastifyInstance): Record<string, JobHandler> {
  return {
    // One attempt: a failed run leaves its GADs dirty, and the next bucket's job retries them.
    [ROLLUPS_QUEUE]: async (_payload, { db }) => {
      const started = Date.now();
      const { gads } = await refreshDirtyRollups(db);
      const { views } = await refreshNationalViews(db, allNationalViews());
      // 5,760 of these jobs a day: keep the last hour's (a day's failures), so the job table does not grow with them.
      await sql`DELETE FROM job WHERE queue = ${ROLLUPS_QUEUE} AND finished_at < now() - interval '1 hour'
        AND (state = 'done' OR finished_at < now() - interval '1 day')`.execute(db);
      if (gads > 0 || views > 0) app.log.info({ rollups: { gads, views, ms: Date.now() - started } }, 'rollups refreshed');
    },
  };
}
