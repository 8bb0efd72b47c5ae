import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request, signIn, type Session } from '../../testing/http.ts';
import { makeAction, makePartner, TEST_NOW } from '../../testing/factories.ts';

let t: TestApp;
let quito: Session;
let cuenca: Session;
before(async () => {
  t = await startTestApp({ loginPerMinute: 10_000, clock: () => TEST_NOW });
  quito = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  cuenca = await signIn(t.app, 'editor.cuenca@demo.glocal.ec');
});
after(() => t.close());

const offer = {
  kind: 'offer', title: 'Compartimos nuestra experiencia en gestión de riesgos zzx', themes: ['risk_management', 'environment'],
  preferredRegion: 'latin_america_caribbean', expiresOn: '2026-12-31', visibility: 'gads',
};

describe('the partnership exchange', () => {
  it('matches an offer and a request on the same theme, and explains the match', async () => {
    const posted = await request(t.app, 'POST', '/api/exchange/posts', offer, quito.headers);
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    assert.equal(posted.body.gad.dpaCode, '1701');
    assert.equal(posted.body.contact.email, 'editor.quito@demo.glocal.ec');
    const sought = await request(t.app, 'POST', '/api/exchange/posts', {
      kind: 'request', title: 'Buscamos socio en gestión de riesgos', themes: ['risk_management'], expiresOn: '2026-06-30', visibility: 'gads',
    }, cuenca.headers);
    assert.equal(sought.status, 201);

    const matches = await request(t.app, 'GET', `/api/exchange/posts/${posted.body.id}/matches`, undefined, quito.headers);
    assert.equal(matches.status, 200);
    const match = matches.body.posts.find((m: any) => m.post.id === sought.body.id);
    assert.ok(match, 'Cuenca’s request is suggested');
    assert.deepEqual(match.explanation.find((r: any) => r.reason === 'shared_themes'), { reason: 'shared_themes', themes: ['risk_management'] });
    assert.deepEqual(match.explanation.find((r: any) => r.reason === 'complements'), { reason: 'complements', kind: 'request' });
    const back = await request(t.app, 'GET', `/api/exchange/posts/${sought.body.id}/matches`, undefined, cuenca.headers);
    assert.ok(back.body.posts.some((m: any) => m.post.id === posted.body.id), 'the match works both ways');
  });

  it('suggests GADs and foreign partners that worked on the themes, with the evidence, only from readable actions', async () => {
    const partnerId = await makePartner(t.database, 'Ciudad del Pacífico zzx', { country: 'CL' });
    const far = await makePartner(t.database, 'Città lontana zzx', { country: 'IT' });
    await makeAction(t.database, { gad: '0901', title: 'Convenio de cicloví­as zzx', themes: ['mobility'], startDate: '2025-02-01',
      partners: [{ partnerId, role: 'counterpart' }, { partnerId: far, role: 'counterpart' }] });
    await makeAction(t.database, { gad: '1101', title: 'Plan reservado zzx', themes: ['mobility'], visibility: 'own' });
    const posted = await request(t.app, 'POST', '/api/exchange/posts', {
      kind: 'request', title: 'Buscamos un socio para planificar ciclovías zzx', themes: ['mobility'], preferredRegion: 'latin_america_caribbean',
      expiresOn: '2026-12-31', visibility: 'public',
    }, cuenca.headers);
    const matches = await request(t.app, 'GET', `/api/exchange/posts/${posted.body.id}/matches`);
    const guayaquil = matches.body.gads.find((m: any) => m.gad.dpaCode === '0901');
    assert.ok(guayaquil);
    const evidence = guayaquil.explanation.find((r: any) => r.reason === 'evidence');
    assert.ok(evidence.actions.some((a: any) => a.title.startsWith('Convenio de cicloví')));
    assert.ok(!matches.body.gads.some((m: any) => m.gad.dpaCode === '1101'), 'an own-only action is no evidence for others');
    assert.ok(!matches.body.gads.some((m: any) => m.gad.dpaCode === '0101'), 'the posting GAD is not suggested to itself');
    const chile = matches.body.partners.find((m: any) => m.partner.id === partnerId);
    assert.ok(chile, 'a Chilean partner fits Latin America');
    assert.deepEqual(chile.explanation.find((r: any) => r.reason === 'region').fits, ['latin_america_caribbean']);
    assert.ok(!matches.body.partners.some((m: any) => m.partner.id === far), 'an Italian partner does not');
  });

  it('lists open posts by kind and theme, hides posts the caller may not read, and lets only the GAD change them', async () => {
    const own = await request(t.app, 'POST', '/api/exchange/posts', { ...offer, title: 'Oferta reservada zzy', visibility: 'own' }, quito.headers);
    const cuencaList = await request(t.app, 'GET', '/api/exchange/posts?theme=risk_management&kind=offer', undefined, cuenca.headers);
    assert.ok(!cuencaList.body.items.some((p: any) => p.id === own.body.id));
    assert.equal(cuencaList.body.total, cuencaList.body.items.length);
    assert.equal((await request(t.app, 'GET', `/api/exchange/posts/${own.body.id}`, undefined, cuenca.headers)).status, 404);
    assertProblem(await request(t.app, 'GET', `/api/exchange/posts/${own.body.id}/matches`, undefined, cuenca.headers), 404);

    const demo = await request(t.app, 'GET', '/api/exchange/posts?q=comercio%20informal');
    assert.equal(demo.body.items[0].illustrative, true, 'the demo offer is flagged illustrative');
    assert.equal(demo.body.items[0].gad.dpaCode, '1701');

    const changed = await request(t.app, 'PATCH', `/api/exchange/posts/${own.body.id}`, { version: 1, themes: ['health'], expiresOn: '2026-02-01' }, quito.headers);
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body.themes, ['health']);
    assertProblem(await request(t.app, 'PATCH', `/api/exchange/posts/${own.body.id}`, { version: 1, title: 'Otra' }, quito.headers), 409);
    assertProblem(await request(t.app, 'POST', '/api/exchange/posts', { ...offer, themes: ['astrology'] }, quito.headers), 422, 'body.themes');
    assertProblem(await request(t.app, 'POST', '/api/exchange/posts', { ...offer, expiresOn: '2025-01-01' }, quito.headers), 422, 'body.expiresOn');
    assertProblem(await request(t.app, 'POST', '/api/exchange/posts', { ...offer, gad: '1701' }, cuenca.headers), 403);
    assert.equal((await request(t.app, 'DELETE', `/api/exchange/posts/${own.body.id}`, undefined, quito.headers)).status, 204);
    assert.equal((await request(t.app, 'GET', `/api/exchange/posts/${own.body.id}`, undefined, quito.headers)).status, 404);
  });
});
