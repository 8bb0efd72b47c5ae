import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchCandidates, matchPosts, regionFits, type PostForMatch } from './match-exchange.ts';

const TODAY = '2026-01-15';
const post = (overrides: Partial<PostForMatch>): PostForMatch => ({
  id: 'p', gadId: 'quito', kind: 'offer', themes: ['economic_development'], preferredRegion: null, expiresOn: '2026-12-31', ...overrides,
});

describe('matching exchange posts', () => {
  it('matches an offer and a request of two GADs on the same theme, and explains the match', () => {
    const offer = post({ id: 'offer', themes: ['economic_development', 'heritage'], preferredRegion: 'latin_america_caribbean' });
    const request = post({ id: 'request', gadId: 'cuenca', kind: 'request', themes: ['economic_development', 'mobility'] });
    const [match] = matchPosts(offer, [request], TODAY);
    assert.equal(match!.post.id, 'request');
    assert.deepEqual(match!.explanation, [
      { reason: 'complements', kind: 'request' },
      { reason: 'shared_themes', themes: ['economic_development'] },
      { reason: 'region', preferred: 'latin_america_caribbean', fits: ['ecuador', 'latin_america_caribbean'] },
      { reason: 'open_until', date: '2026-12-31' },
    ]);
  });

  it('does not match two offers, posts of the same GAD, expired posts, posts without a common theme, or an unmet region', () => {
    const offer = post({ id: 'offer' });
    const candidates = [
      post({ id: 'another offer', gadId: 'cuenca' }),
      post({ id: 'own request', kind: 'request' }),
      post({ id: 'expired', gadId: 'cuenca', kind: 'request', expiresOn: '2026-01-14' }),
      post({ id: 'other theme', gadId: 'cuenca', kind: 'request', themes: ['health'] }),
      post({ id: 'wants Europe', gadId: 'cuenca', kind: 'request', preferredRegion: 'europe' }),
      post({ id: 'open today', gadId: 'loja', kind: 'request', expiresOn: TODAY }),
    ];
    assert.deepEqual(matchPosts(offer, candidates, TODAY).map((m) => m.post.id), ['open today']);
  });

  it('ranks GADs and partners by shared themes within the preferred region, with the evidence', () => {
    assert.equal(regionFits(null, []), true);
    assert.equal(regionFits('europe', ['latin_america_caribbean']), false);
    const request = post({ kind: 'request', themes: ['mobility', 'urban_development'], preferredRegion: 'europe' });
    const matches = matchCandidates(request, [
      { candidate: 'Medellín', located: ['latin_america_caribbean'], evidence: [{ id: 'a1', title: 'MOU', type: 'agreement', startDate: '2025-01-01', themes: ['mobility'] }] },
      { candidate: 'Perugia', located: ['europe'], evidence: [{ id: 'a2', title: 'Twinning', type: 'agreement', startDate: '2023-01-01', themes: ['heritage'] }] },
      { candidate: 'Barcelona', located: ['europe'], evidence: [
        { id: 'a3', title: 'Bici', type: 'project', startDate: '2020-01-01', themes: ['mobility', 'urban_development'] },
        { id: 'a4', title: 'Visita', type: 'visit', startDate: '2024-01-01', themes: ['mobility'] }] },
    ]);
    assert.deepEqual(matches.map((m) => m.candidate), ['Barcelona']);
    assert.deepEqual(matches[0]!.explanation[0], { reason: 'shared_themes', themes: ['mobility', 'urban_development'] });
    assert.deepEqual(matches[0]!.explanation[2], { reason: 'evidence', actions: [
      { id: 'a4', title: 'Visita', type: 'visit', startDate: '2024-01-01' }, { id: 'a3', title: 'Bici', type: 'project', startDate: '2020-01-01' }] });
  });
});
