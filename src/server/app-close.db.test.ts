import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { buildApp } from './app.ts';
import { freshDatabase } from './testing/harness.ts';
import { ROLLUPS_QUEUE } from './rollups/ticker.ts';
import { enqueueJob } from './jobs/queue.ts';

it('an app closing in the middle of a job lets the job finish before its database closes', { timeout: 120_000 }, async () => {
  const database = await freshDatabase();
  const job = async () => (await sql<{ state: string }>`SELECT state FROM job WHERE unique_key = 'closing-test'`.execute(database.db)).rows[0]?.state;
  let atClose: { state?: string; dirty: number } | undefined;
  const app = await buildApp({
    database, logLevel: 'silent',
    closeLast: [async () => {
      atClose = { state: await job(), dirty: (await sql<{ n: number }>`SELECT count(*)::int AS n FROM rollup_dirty`.execute(database.db)).rows[0]!.n };
      await database.close();
    }],
  });
  await app.ready();
  // Every GAD's rollups to recompute: a job that takes a while.
  await sql`INSERT INTO rollup_dirty (gad_id) SELECT id FROM gad`.execute(database.db);
  await enqueueJob(database.db, ROLLUPS_QUEUE, {}, { uniqueKey: 'closing-test', maxAttempts: 1 });
  // The worker takes the job; the app is asked to close while it runs.
  const draining = app.worker.drain();
  await app.close();
  assert.equal(await draining, 1);
  assert.deepEqual(atClose, { state: 'done', dirty: 0 }, 'the refresh ran to its end, then the database closed');
});
