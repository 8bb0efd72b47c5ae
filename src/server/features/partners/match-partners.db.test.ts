import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { request, signIn, type Session } from '../../testing/http.ts';
import { makeAction, makePartner } from '../../testing/factories.ts';
import { resolveMatch, type PartnerMatch } from './match-partners.ts';

let t: TestApp;
let admin: Session;
let editor: Session;
before(async () => {
  t = await startTestApp();
  admin = await signIn(t.app, 'admin.quito@demo.glocal.ec');
  editor = await signIn(t.app, 'editor.quito@demo.glocal.ec');
});
after(() => t.close());

it('suggests partners by similar name or alias, boosted by country and type, with scores', async () => {
  await makePartner(t.database, 'Asociación Internacional de Ciudades Educadoras', { type: 'city_network', aliases: ['AICE'] });
  await makePartner(t.database, 'Bogotá Distrito Capital', { country: 'CO' });
  const byAlias = await request(t.app, 'GET', '/api/partners/matches?name=aice');
  assert.equal(byAlias.body.items[0].name, 'Asociación Internacional de Ciudades Educadoras');
  assert.equal(byAlias.body.items[0].score, 1);
  const typo = await request(t.app, 'GET', '/api/partners/matches?name=Asociacion%20Internacional%20Ciudades%20Educadora');
  assert.equal(typo.body.items[0].name, 'Asociación Internacional de Ciudades Educadoras');
  assert.ok(typo.body.items[0].score > 0.6 && typo.body.items[0].score < 1);
  const plain = await request(t.app, 'GET', '/api/partners/matches?name=Bogota%20D.C.');
  const boosted = await request(t.app, 'GET', '/api/partners/matches?name=Bogota%20D.C.&country=CO&type=local_government');
  const score = (r: typeof plain, name: string) => r.body.items.find((m: PartnerMatch) => m.name === name)?.score as number;
  assert.ok(score(boosted, 'Bogotá') > score(plain, 'Bogotá'), 'the country and type boost the score');
  assert.equal(score(boosted, 'Bogotá') - score(plain, 'Bogotá') > 0.14, true);
});

it('decides an import match only when one candidate is clearly best', () => {
  const m = (name: string, score: number, exact = false): PartnerMatch => ({ id: name, name, type: 'ngo', country: null, matchedName: name, score, exact });
  assert.equal(resolveMatch([m('A', 1, true), m('B', 0.9)]).outcome, 'matched');
  assert.equal(resolveMatch([m('A', 0.9), m('B', 0.88)]).outcome, 'ambiguous');
  assert.equal(resolveMatch([m('A', 0.5)]).outcome, 'not_found');
});

it('lists likely duplicate pairs with their score, for admins only', async () => {
  await makePartner(t.database, 'Ciudades Mensajeras de la Paz', { type: 'city_network' });
  await makePartner(t.database, 'Asociación Internacional de Ciudades Mensajeras de la Paz', { type: 'city_network', aliases: ['Ciudades Mensajeras de la Paz'] });
  assert.equal((await request(t.app, 'GET', '/api/partners/duplicates', undefined, editor.headers)).status, 403);
  assert.equal((await request(t.app, 'GET', '/api/partners/duplicates')).status, 401);
  const report = await request(t.app, 'GET', '/api/partners/duplicates', undefined, admin.headers);
  assert.equal(report.status, 200);
  const pair = report.body.items.find((p: { a: { name: string }; b: { name: string } }) =>
    [p.a.name, p.b.name].sort().join('|') === 'Asociación Internacional de Ciudades Mensajeras de la Paz|Ciudades Mensajeras de la Paz');
  assert.ok(pair, 'the name given as the other one’s alias makes a pair');
  assert.equal(pair.reason, 'name_is_alias');
  assert.ok(pair.score >= 1);
});

it('merging keeps every link and alias, and undoing the merge restores them', async () => {
  const source = await makePartner(t.database, 'AICE (Barcelona)', { aliases: ['Ciudades Educadoras'] });
  const target = await makePartner(t.database, 'International Association of Educating Cities', { aliases: ['IAEC'] });
  const both = await makeAction(t.database, { title: 'Congreso AICE', partners: [{ partnerId: source, role: 'convener' }, { partnerId: target, role: 'convener' }] });
  const onlySource = await makeAction(t.database, { title: 'Carta de ciudades educadoras', partners: [{ partnerId: source, role: 'network' }] });
  const snapshot = async () => sql<{ partner_id: string; action_id: string; role: string }>`
    SELECT partner_id, action_id, role FROM action_partner WHERE action_id IN (${both}, ${onlySource}) ORDER BY action_id, partner_id, role`.execute(t.database.db);
  const aliases = async (id: string) => (await sql<{ alias: string }>`SELECT alias FROM partner_alias WHERE partner_id = ${id} ORDER BY alias`.execute(t.database.db)).rows.map((r) => r.alias);
  const before = (await snapshot()).rows;
  const beforeAliases = [await aliases(source), await aliases(target)];

  const merged = await request(t.app, 'POST', `/api/partners/${source}/merge`, { into: target }, admin.headers);
  assert.equal(merged.status, 200, JSON.stringify(merged.body));
  const after = (await snapshot()).rows;
  assert.deepEqual(after.map((l) => `${l.action_id}:${l.role}:${l.partner_id === target}`).sort(),
    [`${both}:convener:true`, `${onlySource}:network:true`].sort(), 'every link now points at the target, none lost');
  assert.deepEqual(await aliases(target), ['AICE (Barcelona)', 'Ciudades Educadoras', 'IAEC']);
  const targetPage = await request(t.app, 'GET', `/api/partners/${target}`);
  assert.equal(targetPage.body.actions.length, 2);
  const history = await sql<{ operation: string }>`SELECT operation FROM audit_log WHERE entity = 'partner' AND entity_id = ${source} ORDER BY id`.execute(t.database.db);
  assert.ok(history.rows.some((h) => h.operation === 'merge'));

  const undone = await request(t.app, 'POST', `/api/partners/${source}/unmerge`, undefined, admin.headers);
  assert.equal(undone.status, 200);
  assert.deepEqual((await snapshot()).rows, before);
  assert.deepEqual([await aliases(source), await aliases(target)], beforeAliases);
});
