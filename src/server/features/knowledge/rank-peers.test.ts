import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decay, HALF_LIFE_YEARS, rankPeers, type PeerCandidate } from './rank-peers.ts';

const TODAY = '2026-01-15';
const gad = (name: string) => ({ id: name, name, dpaCode: '00', level: 'municipal' });
const act = (type: string, startDate: string | null) => ({ actionId: `${type}-${startDate}`, title: `${type} ${startDate}`, type, startDate, why: [] });

describe('ranking peers', () => {
  it('puts the GAD with the most recent and most numerous actions first', () => {
    const candidates: PeerCandidate[] = [
      { gad: gad('Old and many'), evidence: [act('agreement', '2010-01-01'), act('visit', '2011-01-01'), act('project', '2012-01-01')], lessons: [] },
      { gad: gad('Recent and many'), evidence: [act('agreement', '2024-05-01'), act('visit', '2025-03-01'), act('project', '2025-09-01')], lessons: [] },
      { gad: gad('Recent, one'), evidence: [act('visit', '2025-10-01')], lessons: [] },
    ];
    const ranked = rankPeers(candidates, TODAY);
    assert.deepEqual(ranked.map((p) => p.gad.name), ['Recent and many', 'Recent, one', 'Old and many']);
    assert.equal(ranked[0]!.latestDate, '2025-09-01');
    assert.equal(ranked[0]!.actionCount, 3);
    assert.equal(ranked[0]!.evidence[0]!.startDate, '2025-09-01', 'evidence newest first');
  });

  it('weighs an agreement above a participation, and a readable lesson adds to the score', () => {
    const [agreement, participation] = rankPeers([
      { gad: gad('P'), evidence: [act('participation', '2025-01-01')], lessons: [] },
      { gad: gad('A'), evidence: [act('agreement', '2025-01-01')], lessons: [] },
    ], TODAY);
    assert.equal(agreement!.gad.name, 'A');
    assert.ok(agreement!.score > participation!.score);
    const withLesson = rankPeers([{ gad: gad('P'), evidence: [act('participation', '2025-01-01')], lessons: [{ id: 'l', title: 'L', actionId: 'x' }] }], TODAY)[0]!;
    assert.ok(withLesson.score > participation!.score);
    assert.equal(withLesson.components.lessons, 1.5);
  });

  it('halves an action’s weight every half-life and counts undated actions as long past', () => {
    assert.equal(decay(TODAY, TODAY), 1);
    assert.ok(Math.abs(decay('2022-01-15', TODAY) - 0.5) < 0.01, `${HALF_LIFE_YEARS} years halve the weight`);
    assert.equal(decay(null, TODAY), 0.25);
    const undated = rankPeers([{ gad: gad('U'), evidence: [act('agreement', null)], lessons: [] }], TODAY)[0]!;
    assert.equal(undated.latestDate, null);
    assert.equal(undated.components.recency, 0);
  });
});
