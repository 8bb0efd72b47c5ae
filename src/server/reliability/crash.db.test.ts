import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { runCrashTrials } from './crash.ts';
import { testStore } from './test-store.ts';

let target: Awaited<ReturnType<typeof testStore>>;
before(async () => { target = await testStore(); });
after(() => target.remove());

it('survives 5 SIGKILLs of the real server during imports, uploads, plan approval, reporting, commitment completion and action edits: every acknowledged write kept, nothing half made, no partial import, no orphan file, audit matches', { timeout: 1_800_000 }, async () => {
  const trials = await runCrashTrials(target.store, { trials: 5, log: (line) => console.log(`# ${line}`) });
  assert.equal(trials.length, 5);
  assert.ok(trials.at(-1)!.acknowledged >= 10, 'every trial killed the server after it had acknowledged writes');
  assert.ok(trials.at(-1)!.recordsChecked > 5);
  assert.ok(trials.at(-1)!.importsChecked >= 5, 'every trial started an import');
  assert.ok(trials.at(-1)!.uploads + trials.at(-1)!.cutUploads >= 1, 'the trials uploaded documents');
  assert.deepEqual(trials.flatMap((t) => t.problems), []);
});
