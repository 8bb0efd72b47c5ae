import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { request, signIn, type Session } from '../../testing/http.ts';

let t: TestApp;
let editor: Session;
before(async () => {
  t = await startTestApp({ loginPerMinute: 1000 });
  editor = await signIn(t.app, 'editor.quito@demo.glocal.ec');
});
after(() => t.close());

const titles = async (q: string) =>
  (await request(t.app, 'GET', `/api/actions?q=${encodeURIComponent(q)}&limit=50`, undefined, editor.headers)).body.items.map((a: { title: string }) => a.title);

it('finds an agreement by the words of its areas, without accents, and follows a change of its areas', async () => {
  const created = await request(t.app, 'POST', '/api/actions', {
    gad: '1701', type: 'agreement', title: 'Convenio con Rosario', visibility: 'public',
    details: { kind: 'cooperation_agreement', state: 'in_force', areas: 'Compostaje domiciliario y reciclaje de neumáticos' },
  }, editor.headers);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.ok((await titles('neumaticos compostaje')).includes('Convenio con Rosario'));

  const changed = await request(t.app, 'PATCH', `/api/actions/${created.body.id}`, {
    version: created.body.version, details: { kind: 'cooperation_agreement', state: 'in_force', areas: 'Gestión de riesgos sísmicos' },
  }, editor.headers);
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.ok((await titles('riesgos sismicos')).includes('Convenio con Rosario'));
  assert.ok(!(await titles('neumaticos compostaje')).includes('Convenio con Rosario'));
});
