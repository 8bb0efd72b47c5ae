import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { signIn, type Session } from '../../testing/http.ts';
import { makePartner } from '../../testing/factories.ts';
import { csv, importFile } from './test-helpers.ts';

let t: TestApp;
let admin: Session;
let quito: Session;
before(async () => {
  t = await startTestApp();
  admin = await signIn(t.app, 'admin@demo.glocal.ec');
  quito = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  await makePartner(t.database, 'Municipalidad de Lima Metropolitana', { country: 'PE', aliases: ['Lima Metropolitana'] });
  await makePartner(t.database, 'Ciudad de Coimbra', { country: 'PT' });
});
after(() => t.close());

// As a list derived from Wikidata P190 reads: both directions, country names, and some cities nobody has registered.
const LIST = csv([
  ['city', 'country', 'twin city', 'twin country'],
  ['Quito', 'Ecuador', 'Bogotá', 'Colombia'],
  ['Bogotá', 'CO', 'Quito', 'EC'],
  ['Cuenca', 'EC', 'Ciudad de Coimbra', 'Portugal'],
  ['Guayaquil', 'Ecuador', 'Atlantis', 'Greece'],
  ['Ambato', 'Ecuador', 'Lima Metropolitana', 'PE'],
  ['Springfield', 'US', 'Shelbyville', 'US'],
]);

it('turns sister-city pairs into twinning agreements between GADs and partners, reports the unmatched, and re-imports to no change', async () => {
  const first = await importFile(t.app, admin, LIST, { kind: 'sister_cities', mode: 'upsert', skipBadRows: true, gad: '1701' });
  assert.equal(first.state, 'done');
  assert.deepEqual(first.report.map((r: { row: number; code: string; column: string; severity: string }) => [r.row, r.code, r.column, r.severity]), [
    [3, 'duplicate_in_file', 'twin city', 'info'],
    [5, 'partner_not_found', 'twin city', 'error'],
    [7, 'gad_not_found', 'city', 'error'],
  ]);
  assert.equal(first.counts.created, 3);
  const agreements = await sql<{ gad: string; partner: string; kind: string }>`
    SELECT g.name AS gad, p.name AS partner, ag.kind FROM action a JOIN agreement ag ON ag.action_id = a.id JOIN gad g ON g.id = a.gad_id
      JOIN action_partner ap ON ap.action_id = a.id JOIN partner p ON p.id = ap.partner_id
    WHERE a.external_id LIKE 'twinning:%' ORDER BY g.name`.execute(t.database.db);
  assert.deepEqual(agreements.rows, [
    { gad: 'Ambato', partner: 'Municipalidad de Lima Metropolitana', kind: 'twinning' },
    { gad: 'Cuenca', partner: 'Ciudad de Coimbra', kind: 'twinning' },
    { gad: 'Distrito Metropolitano de Quito', partner: 'Bogotá', kind: 'twinning' },
  ]);
  const again = await importFile(t.app, admin, LIST, { kind: 'sister_cities', mode: 'upsert', skipBadRows: true, gad: '1701' });
  assert.equal(again.counts.created + again.counts.updated, 0);
  assert.equal(again.counts.unchanged, 3);
});

it('lets a GAD editor import only the pairs of their own GAD', async () => {
  const status = await importFile(t.app, quito, LIST, { kind: 'sister_cities', mode: 'upsert', dryRun: true });
  assert.ok(status.report.some((r: { row: number; code: string }) => r.row === 4 && r.code === 'gad_not_allowed'));
  assert.equal(status.counts.unchanged, 1, 'Quito–Bogotá exists already');
});
