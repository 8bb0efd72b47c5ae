import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request } from '../../testing/http.ts';
import { makeAction, makePartner } from '../../testing/factories.ts';

let t: TestApp;
let hiddenId: string;
let bogotaId: string;
before(async () => {
  t = await startTestApp();
  const bogota = await makePartner(t.database, 'Alcaldía Mayor de Bogotá', { country: 'CO', aliases: ['Bogotá D.C.'] });
  bogotaId = await makeAction(t.database, {
    title: 'Cooperación técnica con Bogotá D.C.', themes: ['mobility'], country: 'CO',
    startDate: '2031-05-04', partners: [{ partnerId: bogota, role: 'counterpart' }],
  });
  await makeAction(t.database, { title: 'Hermanamiento con Barcelona', startDate: '2031-02-01', country: 'ES',
    details: { kind: 'twinning', state: 'in_force' } });
  hiddenId = await makeAction(t.database, {
    title: 'Negociación reservada zzyzx', visibility: 'own', startDate: '2031-07-01', themes: ['heritage'], country: 'JP',
  });
});
after(() => t.close());

describe('GET /api/actions', () => {
  it('finds "Cooperación técnica con Bogotá D.C." from "cooperacion tecnica bogota"', async () => {
    const found = await request(t.app, 'GET', '/api/actions?q=cooperacion%20tecnica%20bogota');
    assert.ok(found.body.items.some((a: { id: string }) => a.id === bogotaId));
  });

  it('finds Barcelona when the search has a typo', async () => {
    const found = await request(t.app, 'GET', '/api/actions?q=Barcelna');
    assert.ok(found.body.items.some((a: { title: string }) => a.title.includes('Barcelona')));
  });

  it('filters by year, type, country, theme and partner, with facets that count the filtered set', async () => {
    const list = await request(t.app, 'GET', '/api/actions?year=2031&limit=50');
    assert.equal(list.body.total, 2);
    assert.deepEqual(list.body.facets.year, { 2031: 2 });
    assert.deepEqual(list.body.facets.country, { CO: 1, ES: 1 });
    const byTheme = await request(t.app, 'GET', '/api/actions?year=2031&theme=mobility');
    assert.deepEqual(byTheme.body.items.map((a: { id: string }) => a.id), [bogotaId]);
    const partnerId = byTheme.body.items[0].partners[0].id;
    const byPartner = await request(t.app, 'GET', `/api/actions?partner=${partnerId}`);
    assert.deepEqual(byPartner.body.items.map((a: { id: string }) => a.id), [bogotaId]);
    const byCountry = await request(t.app, 'GET', '/api/actions?country=ES&type=agreement&year=2031');
    assert.equal(byCountry.body.total, 1);
  });

  it('accepts a GAD by DPA code or id, and lists only that GAD', async () => {
    const quito = await request(t.app, 'GET', '/api/gads/1701');
    const byCode = await request(t.app, 'GET', '/api/actions?gad=1701&year=2031');
    const byId = await request(t.app, 'GET', `/api/actions?gad=${quito.body.id}&year=2031`);
    assert.equal(byCode.body.total, 2);
    assert.equal(byId.body.total, 2);
    const cuenca = await request(t.app, 'GET', '/api/actions?gad=0101&year=2031');
    assert.equal(cuenca.body.total, 0);
  });

  it('never shows an anonymous caller a record whose visibility is not public: not in lists, totals, facets or by id', async () => {
    const search = await request(t.app, 'GET', '/api/actions?q=zzyzx');
    assert.equal(search.body.total, 0);
    const year = await request(t.app, 'GET', '/api/actions?year=2031');
    assert.equal(year.body.facets.country.JP, undefined);
    assert.equal(year.body.facets.theme.heritage, undefined);
    assertProblem(await request(t.app, 'GET', `/api/actions/${hiddenId}`), 404);
    assertProblem(await request(t.app, 'GET', `/api/actions/${hiddenId}/history`), 404);
  });
});

describe('GET /api/actions/{id}', () => {
  it('returns the full record with its partners, themes, details and history', async () => {
    const action = await request(t.app, 'GET', `/api/actions/${bogotaId}`);
    assert.equal(action.status, 200);
    assert.equal(action.body.title, 'Cooperación técnica con Bogotá D.C.');
    assert.equal(action.body.type, 'agreement');
    assert.equal(action.body.details.kind, 'cooperation_agreement');
    assert.equal(action.body.details.state, 'signed');
    assert.deepEqual(action.body.themes, ['mobility']);
    assert.equal(action.body.partners[0].name, 'Alcaldía Mayor de Bogotá');
    assert.equal(action.body.partners[0].role, 'counterpart');
    assert.equal(action.body.gad.dpaCode, '1701');
    assert.equal(action.body.illustrative, true);
    assert.equal(action.body.startDate, '2031-05-04');
    const history = await request(t.app, 'GET', `/api/actions/${bogotaId}/history`);
    assert.equal(history.body.items.length, 1);
    assert.equal(history.body.items[0].operation, 'create');
  });
});

describe('GET /api/partners', () => {
  it('finds a partner by an alias and lists the actions it takes part in', async () => {
    const found = await request(t.app, 'GET', '/api/partners?q=Bogota%20D.C.');
    const bogota = found.body.items.find((p: { name: string }) => p.name === 'Alcaldía Mayor de Bogotá');
    assert.ok(bogota, JSON.stringify(found.body.items));
    assert.deepEqual(bogota.aliases, ['Bogotá D.C.']);
    const one = await request(t.app, 'GET', `/api/partners/${bogota.id}`);
    assert.deepEqual(one.body.actions.map((a: { id: string }) => a.id), [bogotaId]);
    assert.equal(one.body.actions[0].gad.dpaCode, '1701');
  });
});
