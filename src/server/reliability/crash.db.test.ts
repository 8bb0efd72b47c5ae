import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCrashTrials } from './crash.ts';
import { testStore } from './test-store.ts';

let target: Awaited<ReturnType<typeof testStore>>;
before(async () => { target = await testStore(); });
after(() => target.remove());

it('survives 5 SIGKILLs of the real server during plan approval, reporting, commitment completion and action edits: every acknowledged write kept, nothing half made, audit matches', { timeout: 1_800_000 }, async () => {
  const trials = await runCrashTrials(target.store, { trials: 5, log: (line) => console.log(`# ${line}`) });
  assert.equal(trials.length, 5);
  assert.ok(trials.at(-1)!.acknowledged >= 10, 'every trial killed the server after it had acknowledged writes');
  assert.ok(trials.at(-1)!.recordsChecked > 5);
  assert.deepEqual(trials.flatMap((t) => t.problems), []);
});
