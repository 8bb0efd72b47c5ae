import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request } from '../../testing/http.ts';

let t: TestApp;
before(async () => { t = await startTestApp(); });
after(() => t.close());

describe('GET /api/gads', () => {
  it('lists more than 1,000 GADs of every level', async () => {
    const all = await request(t.app, 'GET', '/api/gads?limit=1');
    assert.equal(all.status, 200);
    assert.ok(all.body.total > 1000, `total ${all.body.total}`);
    const parishes = await request(t.app, 'GET', '/api/gads?level=rural_parish&limit=5');
    assert.ok(parishes.body.total > 790);
    assert.ok(parishes.body.items.every((g: { level: string }) => g.level === 'rural_parish'));
    assert.deepEqual(Object.keys(parishes.body.items[0]).sort(), ['dpaCode', 'id', 'illustrative', 'level', 'name', 'parentId']);
  });

  it('finds a GAD by name without accents and lists the cantons of a province', async () => {
    const found = await request(t.app, 'GET', '/api/gads?q=canar&level=provincial');
    assert.deepEqual(found.body.items.map((g: { name: string }) => g.name), ['Cañar']);
    const pichincha = await request(t.app, 'GET', '/api/gads?parent=17&limit=50');
    assert.ok(pichincha.body.items.some((g: { dpaCode: string }) => g.dpaCode === '1701'));
    assert.ok(pichincha.body.items.every((g: { dpaCode: string }) => g.dpaCode.startsWith('17')));
  });

  it('returns one GAD by DPA code or by id, with its parent', async () => {
    const byCode = await request(t.app, 'GET', '/api/gads/1701');
    assert.equal(byCode.body.name, 'Distrito Metropolitano de Quito');
    assert.equal(byCode.body.level, 'metropolitan');
    assert.equal(byCode.body.parent.name, 'Pichincha');
    const byId = await request(t.app, 'GET', `/api/gads/${byCode.body.id}`);
    assert.equal(byId.body.dpaCode, '1701');
  });

  it('answers an unknown GAD with a 404 problem', async () => {
    assertProblem(await request(t.app, 'GET', '/api/gads/999999'), 404);
    assertProblem(await request(t.app, 'GET', "/api/gads/'%20OR%201=1"), 404);
    assertProblem(await request(t.app, 'GET', '/api/gads/00000000-0000-4000-8000-000000000000'), 404);
  });

  it('matches an id only as PostgreSQL prints it (lower case), as the lookup always did', async () => {
    const quito = await request(t.app, 'GET', '/api/gads/1701');
    assertProblem(await request(t.app, 'GET', `/api/gads/${String(quito.body.id).toUpperCase()}`), 404);
  });
});
