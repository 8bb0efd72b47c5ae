import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request, signIn, type Session } from '../../testing/http.ts';
import { makeAction, makePartner, TEST_NOW } from '../../testing/factories.ts';

let t: TestApp;
let quito: Session;
let cuenca: Session;
let partnerId: string;
before(async () => {
  t = await startTestApp({ loginPerMinute: 10_000, clock: () => TEST_NOW });
  quito = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  cuenca = await signIn(t.app, 'editor.cuenca@demo.glocal.ec');
  partnerId = await makePartner(t.database, 'Ciudad Socia zzpeers', { country: 'PE' });
  const partners = [{ partnerId, role: 'counterpart' as const }];
  // Guayaquil: three recent actions. Loja: one recent visit. Quito: two old ones.
  await makeAction(t.database, { gad: '0901', type: 'agreement', title: 'Convenio Guayaquil', startDate: '2024-05-01', partners, themes: ['mobility'] });
  await makeAction(t.database, { gad: '0901', type: 'visit', title: 'Visita a Guayaquil', startDate: '2025-03-01', partners, details: { outcome: 'approach' } });
  await makeAction(t.database, { gad: '0901', type: 'project', title: 'Proyecto Guayaquil', startDate: '2025-09-01', partners,
    details: { modality: 'technical_assistance', direction: 'received' } });
  await makeAction(t.database, { gad: '1101', type: 'visit', title: 'Visita a Loja', startDate: '2025-10-01', partners, details: { outcome: 'protocol' } });
  await makeAction(t.database, { gad: '1701', type: 'agreement', title: 'Convenio Quito antiguo', startDate: '2010-01-01', partners });
  await makeAction(t.database, { gad: '1701', type: 'participation', title: 'Reunión Quito antigua', startDate: '2011-06-01', partners });
  // Hidden from everyone but Quito: it must not count for anyone else.
  await makeAction(t.database, { gad: '1701', type: 'agreement', title: 'Convenio Quito reservado', startDate: '2025-12-01', partners, visibility: 'own' });
});
after(() => t.close());

describe('the peer finder', () => {
  it('ranks, for a partner three GADs worked with, the one with the most recent and most numerous actions first, with the evidence', async () => {
    const result = await request(t.app, 'GET', `/api/peers?partner=${partnerId}`, undefined, cuenca.headers);
    assert.equal(result.status, 200);
    assert.deepEqual(result.body.items.map((p: any) => p.gad.dpaCode), ['0901', '1101', '1701']);
    const [guayaquil] = result.body.items;
    assert.equal(guayaquil.actionCount, 3);
    assert.equal(guayaquil.latestDate, '2025-09-01');
    assert.deepEqual(guayaquil.evidence.map((e: any) => e.title), ['Proyecto Guayaquil', 'Visita a Guayaquil', 'Convenio Guayaquil']);
    assert.deepEqual(guayaquil.evidence[0].why, [{ reason: 'partner', roles: ['counterpart'] }]);
    assert.ok(guayaquil.score > result.body.items[1].score);
    const quitoPeer = result.body.items[2];
    assert.equal(quitoPeer.actionCount, 2, 'Quito’s own-only agreement is not evidence for Cuenca');
    assert.ok(!quitoPeer.evidence.some((e: any) => e.title === 'Convenio Quito reservado'));
  });

  it('never shows or counts a lesson marked own to another GAD, and shows it to its own', async () => {
    const quitoAction = await makeAction(t.database, { gad: '1701', type: 'visit', title: 'Visita zzlesson', startDate: '2012-01-01',
      partners: [{ partnerId, role: 'delegation' }], details: { outcome: 'approach' } });
    const before = (await request(t.app, 'GET', `/api/peers?partner=${partnerId}`, undefined, cuenca.headers)).body.items.find((p: any) => p.gad.dpaCode === '1701');
    const lesson = await request(t.app, 'POST', '/api/lessons', { actionId: quitoAction, title: 'Lección reservada zzpeers', visibility: 'own' }, quito.headers);
    assert.equal(lesson.status, 201);
    for (const session of [cuenca, undefined]) {
      const peer = (await request(t.app, 'GET', `/api/peers?partner=${partnerId}`, undefined, session?.headers)).body.items.find((p: any) => p.gad.dpaCode === '1701');
      assert.equal(peer.lessonCount, 0);
      assert.deepEqual(peer.lessons, []);
      assert.equal(peer.score, before.score, 'the hidden lesson does not move the score');
    }
    const own = (await request(t.app, 'GET', `/api/peers?partner=${partnerId}`, undefined, quito.headers)).body.items.find((p: any) => p.gad.dpaCode === '1701');
    assert.equal(own.lessonCount, 1);
    assert.equal(own.lessons[0].title, 'Lección reservada zzpeers');
    assert.ok(own.score > before.score);
  });

  it('answers by theme and by country, explaining each piece of evidence, and needs at least one question', async () => {
    const byTheme = await request(t.app, 'GET', '/api/peers?theme=economic_development');
    const quitoPeer = byTheme.body.items.find((p: any) => p.gad.dpaCode === '1701');
    assert.ok(quitoPeer.evidence.some((e: any) => e.title.startsWith('Reubicación del comercio informal')));
    assert.ok(quitoPeer.lessons.some((l: any) => l.title.startsWith('Compartir la reubicación')), 'Quito’s public lesson is listed');
    const byCountry = await request(t.app, 'GET', '/api/peers?country=PE');
    const lima = byCountry.body.items.find((p: any) => p.gad.dpaCode === '1701').evidence.find((e: any) => e.title.startsWith('Reubicación'));
    assert.deepEqual(lima.why, [{ reason: 'country', country: 'PE', via: 'place' }], 'the project took place in Lima');
    const viaPartner = (await request(t.app, 'GET', '/api/peers?country=PE')).body.items.find((p: any) => p.gad.dpaCode === '0901');
    assert.deepEqual(viaPartner.evidence[0].why, [{ reason: 'country', country: 'PE', via: 'partner' }], 'a Peruvian partner, met elsewhere');
    assertProblem(await request(t.app, 'GET', '/api/peers'), 422, 'query.partner');
  });
});
