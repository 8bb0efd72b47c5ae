import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkIndicator, INDICATORS, progress, targetWindow } from './indicators.ts';

describe('target progress', () => {
  it('is the share of the way from baseline to target', () => {
    assert.equal(progress(3, 1, 5), 0.5);
    assert.equal(progress(1, 1, 5), 0);
    assert.equal(progress(5, 1, 5), 1);
  });
  it('never goes below 0 or above 1', () => {
    assert.equal(progress(0, 1, 5), 0);
    assert.equal(progress(9, 1, 5), 1);
  });
  it('works for a target that asks for less than the baseline', () => {
    assert.equal(progress(6, 10, 2), 0.5);
  });
  it('is met or not when the target equals the baseline', () => {
    assert.equal(progress(4, 4, 4), 1);
    assert.equal(progress(3, 4, 4), 0);
  });
});

describe('the window a target is measured over', () => {
  it('runs from the plan start to the end of the target year, or to today if that is sooner', () => {
    assert.deepEqual(targetWindow('2024-01-01', 2025, '2026-01-15'), { from: '2024-01-01', to: '2025-12-31' });
    assert.deepEqual(targetWindow('2024-01-01', 2027, '2026-01-15'), { from: '2024-01-01', to: '2026-01-15' });
  });
});

describe('the indicator catalogue', () => {
  it('names every indicator in Spanish, English and Portuguese', () => {
    for (const i of INDICATORS) for (const lang of ['es', 'en', 'pt'] as const) assert.ok(i.label[lang].length > 3, `${i.code} ${lang}`);
  });
  it('refuses unknown indicators, unknown parameters, and money without a currency', () => {
    assert.equal(checkIndicator('nope', {})[0]!.field, 'indicator');
    assert.equal(checkIndicator('agreements_in_force', { colour: 'red' })[0]!.field, 'params.colour');
    assert.equal(checkIndicator('cooperation_amount', { direction: 'received' })[0]!.field, 'params.currency');
    assert.deepEqual(checkIndicator('cooperation_amount', { currency: 'USD' }), []);
  });
});
