import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signInHttp, type HttpSession } from './client.ts';
import { startChildServer, type ChildServer } from './child-server.ts';
import { lostUpdates, makeTargets, runEditors, type ConcurrencyRun, type Target } from './concurrency.ts';
import { openStore } from './crash.ts';
import { runSoak } from './soak.ts';
import { testStore } from './test-store.ts';

// Short versions of `./glocal reliability` (60 s of editors, 10 min of soak), against a real server process.
let target: Awaited<ReturnType<typeof testStore>>;
let server: ChildServer | undefined;
let sessions: HttpSession[];
let targets: Target[];
let editors: ConcurrencyRun;

before(async () => {
  target = await testStore();
  server = await startChildServer(target.store);
  sessions = [await signInHttp(server.url, 'editor.quito@demo.glocal.ec'), await signInHttp(server.url, 'admin.quito@demo.glocal.ec')];
  targets = await makeTargets(server.url, sessions[0]!);
});
after(async () => {
  await server?.stop();
  target.remove();
});

describe('under load', { concurrency: false }, () => {
  it('50 concurrent editors on 6 shared records for 10 s: only 200 or 409, never an error', { timeout: 120_000 }, async () => {
    editors = await runEditors(server!.url, sessions, targets, 50, 10_000);
    console.log(`# editors: ${editors.attempts} edits tried, ${editors.accepted.length} accepted, ${editors.conflicts} refused as stale (409), ${editors.errors.length} errors, p95 ${editors.p95Ms} ms`);
    assert.deepEqual(editors.errors, []);
    assert.ok(editors.accepted.length >= targets.length, 'every record took edits');
    assert.ok(editors.conflicts > 0, 'the editors really overlapped');
  });

  it('a 20 s soak at 5 requests per second, four reads to one write: 0 errors, memory grows at most 20%', { timeout: 120_000 }, async () => {
    const soak = await runSoak(server!, sessions[0]!, { durationMs: 20_000, ratePerSecond: 5, warmupMs: 5_000 });
    console.log(`# soak: ${soak.requests} requests (${soak.reads} reads, ${soak.writes} writes) in ${soak.durationMs / 1000} s, ${soak.errors.length} errors, ` +
      `p50 ${soak.p50Ms} ms, p95 ${soak.p95Ms} ms, RSS ${(soak.rssStart / 2 ** 20).toFixed(0)} → ${(soak.rssEnd / 2 ** 20).toFixed(0)} MiB (${(soak.growth * 100).toFixed(1)}%)`);
    assert.deepEqual(soak.errors, []);
    assert.ok(soak.requests >= 80, `only ${soak.requests} requests answered`);
    assert.ok(soak.growth <= 0.2, `memory grew ${(soak.growth * 100).toFixed(1)}%`);
  });

  it('no lost update: every accepted edit is in the final state or superseded by a later one, and the audit log has one entry per accepted edit', { timeout: 120_000 }, async () => {
    assert.ok(editors, 'the editors ran');
    await server!.stop();
    server = undefined;
    const database = await openStore(target.store);
    try {
      assert.deepEqual(await lostUpdates(database.db, targets, editors.accepted), []);
    } finally {
      await database.close();
    }
  });
});
