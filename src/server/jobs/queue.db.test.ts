import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { freshDatabase } from '../testing/harness.ts';
import type { Database } from '../db/database.ts';
import { enqueueJob, retryDelayMs } from './queue.ts';
import { createWorker } from './worker.ts';

let database: Database;
before(async () => { database = await freshDatabase(); });
after(() => database.close());

it('enqueues a job with a unique key once, however often it is asked', async () => {
  assert.equal(await enqueueJob(database.db, 'digest', { user: 'a' }, { uniqueKey: 'digest:a:2026-03-01' }), true);
  assert.equal(await enqueueJob(database.db, 'digest', { user: 'a' }, { uniqueKey: 'digest:a:2026-03-01' }), false);
  const jobs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM job WHERE unique_key = 'digest:a:2026-03-01'`.execute(database.db);
  assert.equal(jobs.rows[0]!.n, 1);
});

it('runs each job once even when two workers drain the queue at the same time', async () => {
  for (let i = 0; i < 20; i++) await enqueueJob(database.db, 'count', { i });
  const seen: number[] = [];
  const handler = async (payload: Record<string, unknown>) => { seen.push(payload.i as number); };
  const clock = () => new Date();
  const a = createWorker(database.db, { count: handler }, clock);
  const b = createWorker(database.db, { count: handler }, clock);
  await Promise.all([a.drain(), b.drain()]);
  assert.deepEqual([...seen].sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i));
});

it('retries a failing job later with growing delays, and gives up after its last attempt', async () => {
  let now = new Date('2026-03-01T12:00:00Z');
  let calls = 0;
  await enqueueJob(database.db, 'flaky', {}, { maxAttempts: 3, runAt: now });
  const worker = createWorker(database.db, { flaky: async () => { calls++; throw new Error('SMTP down'); } }, () => now);
  await worker.drain();
  assert.equal(calls, 1);
  await worker.drain();
  assert.equal(calls, 1, 'not before its backoff');
  now = new Date(now.getTime() + retryDelayMs(1));
  await worker.drain();
  now = new Date(now.getTime() + retryDelayMs(2));
  await worker.drain();
  assert.equal(calls, 3);
  const job = await sql<{ state: string; last_error: string }>`SELECT state, last_error FROM job WHERE queue = 'flaky'`.execute(database.db);
  assert.deepEqual(job.rows[0], { state: 'failed', last_error: 'SMTP down' });
});
