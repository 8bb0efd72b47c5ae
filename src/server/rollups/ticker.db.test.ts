import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../testing/harness.ts';
import { ROLLUPS_QUEUE } from './ticker.ts';

let t: TestApp;
let now = new Date('2026-03-01T12:00:01Z');
before(async () => { t = await startTestApp({ clock: () => now }); });
after(() => t.close());

const jobs = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM job WHERE queue = ${ROLLUPS_QUEUE}`.execute(t.database.db)).rows[0]!.n;

it('asks for one refresh per 15-second bucket however many instances tick, and the job drains the dirty GADs', async () => {
  assert.equal(await t.app.rollupTicker.tick(now), true);
  assert.equal(await t.app.rollupTicker.tick(new Date(now.getTime() + 5_000)), false, 'same bucket');
  assert.equal(await jobs(), 1);
  await sql`INSERT INTO rollup_dirty (gad_id) SELECT id FROM gad WHERE dpa_code = '1701'`.execute(t.database.db);
  await t.app.worker.drain();
  assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM rollup_dirty`.execute(t.database.db)).rows[0]!.n, 0);
  now = new Date(now.getTime() + 15_000);
  assert.equal(await t.app.rollupTicker.tick(now), true, 'next bucket');
  assert.equal(await jobs(), 2);
});

it('the harness fills the rollups when it loads the demo: no GAD is left dirty', async () => {
  assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM rollup_dirty`.execute(t.database.db)).rows[0]!.n, 0);
});
