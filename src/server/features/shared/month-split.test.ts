import { it } from 'node:test';
import assert from 'node:assert/strict';
import { nextMonth, splitByMonth } from './month-split.ts';

it('splits a range into the whole months a rollup answers and the edges counted live', () => {
  assert.deepEqual(splitByMonth(null, '2026-12-03'), { months: { from: null, before: '2026-12-01' }, live: [{ from: '2026-12-01', before: '2026-12-03' }] });
  assert.deepEqual(splitByMonth('2026-12-03', '2027-01-01'), { live: [{ from: '2026-12-03', before: '2027-01-01' }] });
  assert.deepEqual(splitByMonth('2026-11-15', '2027-02-10'), {
    months: { from: '2026-12-01', before: '2027-02-01' },
    live: [{ from: '2026-11-15', before: '2026-12-01' }, { from: '2027-02-01', before: '2027-02-10' }],
  });
  assert.deepEqual(splitByMonth('2024-01-01', '2025-01-01'), { months: { from: '2024-01-01', before: '2025-01-01' }, live: [] });
  assert.deepEqual(splitByMonth('2026-12-05', null), { months: { from: '2027-01-01', before: null }, live: [{ from: '2026-12-05', before: '2027-01-01' }] });
  assert.deepEqual(splitByMonth(null, null), { months: { from: null, before: null }, live: [] });
});

it('is empty when the range is', () => {
  assert.deepEqual(splitByMonth('2026-12-10', '2026-12-10'), { live: [] });
  assert.deepEqual(splitByMonth('2026-12-10', '2026-12-01'), { live: [] });
});

it('knows the next month across a year end', () => {
  assert.equal(nextMonth('2026-12-31'), '2027-01-01');
  assert.equal(nextMonth('2026-02-14'), '2026-03-01');
});
