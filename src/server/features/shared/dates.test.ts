import { it } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, localDate } from './dates.ts';

it("counts days on Quito's calendar: 03:00 UTC is still the evening before in Ecuador", () => {
  assert.equal(localDate(new Date('2026-03-02T03:00:00Z')), '2026-03-01');
  assert.equal(localDate(new Date('2026-03-02T05:00:00Z')), '2026-03-02');
});

it('adds days across month and year ends', () => {
  assert.equal(addDays('2025-12-20', 15), '2026-01-04');
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
});
