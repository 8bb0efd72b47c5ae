import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request, signIn, type Session } from '../../testing/http.ts';
import { makeAction, makePartner, TEST_NOW } from '../../testing/factories.ts';

let t: TestApp;
let cuenca: Session;
before(async () => {
  t = await startTestApp({ loginPerMinute: 10_000, clock: () => TEST_NOW });
  cuenca = await signIn(t.app, 'editor.cuenca@demo.glocal.ec');
});
after(() => t.close());

it('explores the graph from a partner or a GAD, one or two steps out, from readable actions only, with filters', async () => {
  const shared = await makePartner(t.database, 'Socio común zzgraph', { country: 'PE' });
  const bank = await makePartner(t.database, 'Banco zzgraph', { type: 'development_bank' });
  const secret = await makePartner(t.database, 'Socio reservado zzgraph');
  await makeAction(t.database, { gad: '0901', type: 'project', title: 'Proyecto zzgraph', partners: [{ partnerId: shared, role: 'counterpart' }, { partnerId: bank, role: 'funder' }],
    details: { modality: 'non_reimbursable', direction: 'received' } });
  await makeAction(t.database, { gad: '1101', title: 'Convenio zzgraph', partners: [{ partnerId: shared, role: 'counterpart' }] });
  await makeAction(t.database, { gad: '1101', title: 'Convenio reservado zzgraph', visibility: 'own', partners: [{ partnerId: secret, role: 'counterpart' }] });

  const one = await request(t.app, 'GET', `/api/graph?partner=${shared}`, undefined, cuenca.headers);
  assert.equal(one.status, 200);
  assert.equal(one.body.root, `partner:${shared}`);
  const labels = one.body.nodes.map((n: any) => n.label).sort();
  assert.ok(labels.includes('Guayaquil') && labels.includes('Loja') && labels.includes('Banco zzgraph'), labels.join(', '));
  assert.equal(one.body.nodes.find((n: any) => n.label === 'Banco zzgraph').kind, 'funder');

  const loja = await request(t.app, 'GET', '/api/graph?gad=1101&depth=2', undefined, cuenca.headers);
  assert.ok(loja.body.nodes.some((n: any) => n.label === 'Guayaquil'), 'depth 2 reaches the GAD that shares the partner');
  assert.ok(!loja.body.nodes.some((n: any) => n.label === 'Socio reservado zzgraph'), 'an own-only action draws no edge for others');
  for (const edge of loja.body.edges) assert.ok(edge.actionIds.length > 0);

  const projects = await request(t.app, 'GET', `/api/graph?partner=${shared}&type=project`);
  assert.deepEqual(projects.body.nodes.filter((n: any) => n.kind === 'gad').map((n: any) => n.label), ['Guayaquil']);
  assertProblem(await request(t.app, 'GET', '/api/graph'), 422, 'query.gad');
  assertProblem(await request(t.app, 'GET', '/api/graph?gad=9999'), 404);
});
