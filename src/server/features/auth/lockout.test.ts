import { it } from 'node:test';
import assert from 'node:assert/strict';
import { afterFailedLogin, isLocked, LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from './lockout.ts';

const now = new Date('2026-03-01T10:00:00Z');

it('locks an account on the fifth wrong password in a row, for fifteen minutes', () => {
  let state = { failedLogins: 0, lockedUntil: null as Date | null };
  for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
    state = afterFailedLogin(state, now);
    assert.equal(isLocked(state, now), false, `locked after ${i}`);
  }
  state = afterFailedLogin(state, now);
  assert.equal(isLocked(state, now), true);
  assert.equal(isLocked(state, new Date(now.getTime() + (LOCKOUT_MINUTES * 60_000) - 1)), true);
  assert.equal(isLocked(state, new Date(now.getTime() + LOCKOUT_MINUTES * 60_000)), false);
});
