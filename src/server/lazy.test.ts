import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lazy } from './lazy.ts';

describe('lazy', () => {
  it('loads once, on first use, and shares the result', async () => {
    let loads = 0;
    const load = lazy(async () => ({ n: ++loads }));
    assert.equal(loads, 0);
    const [a, b] = await Promise.all([load(), load()]);
    assert.equal(loads, 1);
    assert.equal(a, b);
  });

  it('forgets a failed load, so the next call tries again', async () => {
    let attempts = 0;
    const load = lazy(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('not yet');
      return 'ok';
    });
    await assert.rejects(load(), /not yet/);
    assert.equal(await load(), 'ok');
    assert.equal(attempts, 2);
  });
});
