import { it } from 'node:test';
import assert from 'node:assert/strict';
import { keyMismatches } from './check-keys.ts';

it('gives every text in Spanish, English and Portuguese, so no language shows a raw key', () => {
  const { problems, keyCount } = keyMismatches();
  assert.deepEqual(problems, []);
  assert.ok(keyCount > 100, `only ${keyCount} keys`);
});
