import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { figures, rankGads, share, weightedMedian } from './articulation-index.ts';

const counts = { agreementsSigned: 4, agreementsReported: 1, reportedWithin30Days: 0, projects: 2, projectsRegistered: 1, medianDaysToReport: 45 };

describe('the articulation index', () => {
  it('gives shares of what was owed, and no share when nothing was owed', () => {
    assert.deepEqual(figures(counts), { ...counts, reportedShare: 0.25, reportedWithin30DaysShare: 0, projectsRegisteredShare: 0.5 });
    assert.equal(share(0, 0), null);
    assert.equal(share(1, 3), 0.333);
  });

  it('ranks GADs by agreements reported, then projects registered, nothing-owed last', () => {
    const row = (name: string, reported: number, signed: number) => ({ gad: { name }, ...figures({ ...counts, agreementsSigned: signed, agreementsReported: reported }) });
    const ranked = rankGads([row('Quito', 0, 31), row('Nada', 0, 0), row('Cuenca', 2, 2)]);
    assert.deepEqual(ranked.map((r) => [r.gad.name, r.rank]), [['Cuenca', 1], ['Quito', 2], ['Nada', 3]]);
  });
});

it('takes the median of counted values as percentile_cont(0.5) does', () => {
  assert.equal(weightedMedian([]), null);
  assert.equal(weightedMedian([{ value: 5, n: 1 }]), 5);
  assert.equal(weightedMedian([{ value: 10, n: 1 }, { value: 2, n: 1 }]), 6);
  assert.equal(weightedMedian([{ value: 1, n: 2 }, { value: 9, n: 1 }]), 1);
  assert.equal(weightedMedian([{ value: 1, n: 2 }, { value: 9, n: 2 }]), 5);
  assert.equal(weightedMedian([{ value: 3, n: 0 }, { value: 4, n: 3 }, { value: 7, n: 1 }]), 4);
});
