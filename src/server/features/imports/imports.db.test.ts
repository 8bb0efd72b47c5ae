import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, signIn, type Session } from '../../testing/http.ts';
import { makePartner } from '../../testing/factories.ts';
import { actionFingerprint, csv, importFile, upload } from './test-helpers.ts';
import { actionInput } from '../actions/schema.ts';
import { toActionInput } from './fields.ts';

let t: TestApp;
let quito: Session;
let viewer: Session;
before(async () => {
  t = await startTestApp();
  quito = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  viewer = await signIn(t.app, 'viewer.quito@demo.glocal.ec');
  await makePartner(t.database, 'Alcaldía Mayor de Bogotá', { country: 'CO', aliases: ['Bogotá D.C.'] });
});
after(() => t.close());

const HEADER = ['externalId', 'title', 'startDate', 'country', 'themes', 'partners', 'agreementKind', 'agreementState', 'visibility'];
const goodRow = (i: number) => [`T-${i}`, `Convenio de prueba ${i}`, '2024-03-01', 'CO', 'culture', i % 2 ? 'Bogota D.C.' : '', 'cooperation_agreement', 'signed', 'public'];

/** 200 rows, every 20th one bad in a different way: 5 %. */
function fileWithBadRows() {
  const bad: Record<number, { row: (string | number)[]; column: string }> = {};
  const rows = Array.from({ length: 200 }, (_, i) => goodRow(i));
  const breakers: [string, (r: (string | number)[]) => void][] = [
    ['title', (r) => { r[1] = ''; }],
    ['startDate', (r) => { r[2] = '2024-02-30'; }],
    ['country', (r) => { r[3] = 'XX'; }],
    ['themes', (r) => { r[4] = 'astrology'; }],
    ['partners', (r) => { r[5] = 'Nonexistent Municipality of Nowhere'; }],
    ['agreementKind', (r) => { r[6] = 'friendship'; }],
    ['agreementState', (r) => { r[7] = ''; }],
    ['visibility', (r) => { r[8] = 'secret'; }],
    ['externalId', (r) => { r[0] = 'T-0'; }],
    ['startDate', (r) => { r[2] = '01/03/2024'; }],
  ];
  for (let k = 0; k < 10; k++) {
    const index = 19 + k * 20;
    breakers[k]![1](rows[index]!);
    bad[index + 2] = { row: rows[index]!, column: breakers[k]![0] };
  }
  return { text: csv([HEADER, ...rows]), bad };
}

describe('spreadsheet import of actions', () => {
  it('offers a template per kind with headers and an example row in the reader’s language, which imports as it is', async () => {
    const es = await t.app.inject({ method: 'GET', url: '/api/imports/templates/agreement.csv?lang=es' });
    assert.equal(es.statusCode, 200);
    assert.match(es.headers['content-type'] as string, /text\/csv/);
    assert.match(es.body, /Título,.*Fecha de firma/);
    const pt = await t.app.inject({ method: 'GET', url: '/api/imports/templates/partner.xlsx', headers: { 'accept-language': 'pt-BR,pt' } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(pt.rawPayload as unknown as ArrayBuffer);
    assert.equal(workbook.worksheets[0]!.getRow(1).getCell(2).value, 'Nome');
    const dry = await importFile(t.app, quito, es.rawPayload, { kind: 'agreement', dryRun: true });
    assert.deepEqual(dry.report, []);
    assert.equal(dry.counts.created, 1);
  });

  it('in a dry run, reports every bad row with its column, value and reason, and writes nothing', async () => {
    const before = await actionFingerprint(t.database.db);
    const { text, bad } = fileWithBadRows();
    const status = await importFile(t.app, quito, text, { kind: 'agreement', dryRun: true }, 'es');
    assert.equal(status.state, 'done');
    assert.deepEqual([...new Set(status.report.map((r: { row: number }) => r.row))].sort((a, b) => (a as number) - (b as number)), Object.keys(bad).map(Number));
    for (const r of status.report) {
      assert.equal(r.column, bad[r.row]!.column, `row ${r.row}: ${JSON.stringify(r)}`);
      assert.ok(r.reason !== r.code && /^[A-ZÁÉÍÓÚ]/.test(r.reason), `a readable Spanish reason, got ${r.reason}`);
    }
    const partnerRow = status.report.find((r: { code: string }) => r.code === 'partner_not_found');
    assert.equal(partnerRow.value, 'Nonexistent Municipality of Nowhere');
    assert.match(status.report.find((r: { code: string; column: string }) => r.code === 'invalid_choice' && r.column === 'visibility').reason, /Valor no permitido; use uno de: public, gads, government, own/);
    assert.deepEqual(status.counts, { rows: 200, created: 190, updated: 0, unchanged: 0, badRows: 10 });
    assert.deepEqual(await actionFingerprint(t.database.db), before);
  });

  it('in a real run, a file with bad rows writes nothing unless told to skip them', async () => {
    const before = await actionFingerprint(t.database.db);
    const { text } = fileWithBadRows();
    const refused = await importFile(t.app, quito, text, { kind: 'agreement', mode: 'create' });
    assert.equal(refused.state, 'failed');
    assert.equal(refused.outcome, 'bad_rows');
    assert.equal(refused.counts.badRows, 10);
    assert.equal((await actionFingerprint(t.database.db)).n, before.n);
    assert.equal((await actionFingerprint(t.database.db)).sum, before.sum);

    const skipped = await importFile(t.app, quito, text, { kind: 'agreement', mode: 'create', skipBadRows: true });
    assert.equal(skipped.state, 'done');
    assert.equal(skipped.counts.created, 190);
    const written = await sql<{ n: number; linked: number }>`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM action_partner ap WHERE ap.action_id = a.id))::int AS linked
      FROM action a WHERE a.external_id LIKE 'T-%'`.execute(t.database.db);
    assert.deepEqual(written.rows[0], { n: 190, linked: 90 }, 'every bad row was one naming a partner');
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'import' AND entity_id = ${skipped.id}`.execute(t.database.db);
    assert.equal(audit.rows[0]!.n, 1);
  });

  it('update changes only rows matched by externalId, upsert adds the rest, and an identical re-import changes nothing', async () => {
    const rows = [HEADER, goodRow(0), goodRow(1)];
    rows[1]![1] = 'Convenio renombrado';
    rows.push(['NEW-1', 'Convenio nuevo', '2025-01-01', 'PE', '', '', 'memorandum', 'negotiating', 'own']);
    const update = await importFile(t.app, quito, csv(rows), { kind: 'agreement', mode: 'update' });
    assert.deepEqual(update.counts, { rows: 3, created: 0, updated: 0, unchanged: 0, badRows: 1 });
    assert.equal(update.state, 'failed', 'NEW-1 is not found in update mode');
    assert.deepEqual(update.report.map((r: { row: number; code: string }) => [r.row, r.code]), [[4, 'not_found']]);
    const updateGood = await importFile(t.app, quito, csv(rows), { kind: 'agreement', mode: 'update', skipBadRows: true });
    assert.deepEqual(updateGood.counts, { rows: 3, created: 0, updated: 1, unchanged: 1, badRows: 1 });
    const upsert = await importFile(t.app, quito, csv(rows), { kind: 'agreement', mode: 'upsert' });
    assert.deepEqual(upsert.counts, { rows: 3, created: 1, updated: 0, unchanged: 2, badRows: 0 });
    const again = await importFile(t.app, quito, csv(rows), { kind: 'agreement', mode: 'upsert' });
    assert.deepEqual(again.counts, { rows: 3, created: 0, updated: 0, unchanged: 3, badRows: 0 });
    const renamed = await sql<{ title: string; version: number }>`SELECT title, version FROM action WHERE external_id = 'T-0'`.execute(t.database.db);
    assert.deepEqual(renamed.rows[0], { title: 'Convenio renombrado', version: 2 });
  });

  it('writes one audit entry per created or updated record: the validated input, as creating it by hand records, then what changed', async () => {
    const row = ['AUD-1', 'Convenio auditado', '2024-03-01', 'CO', 'culture;tourism', 'Bogota D.C.', 'cooperation_agreement', 'signed', 'public'];
    const created = await importFile(t.app, quito, csv([HEADER, row]), { kind: 'agreement', mode: 'upsert' });
    assert.deepEqual(created.counts, { rows: 1, created: 1, updated: 0, unchanged: 0, badRows: 0 });
    const bogota = (await sql<{ id: string }>`SELECT id FROM partner WHERE name = 'Alcaldía Mayor de Bogotá'`.execute(t.database.db)).rows[0]!.id;
    const action = (await sql<{ id: string; gad_id: string }>`SELECT id, gad_id FROM action WHERE external_id = 'AUD-1'`.execute(t.database.db)).rows[0]!;
    const entries = async () => (await sql<{ operation: string; actor_id: string | null; gad_id: string; diff: Record<string, unknown> }>`
      SELECT operation, actor_id, gad_id, diff FROM audit_log WHERE entity = 'action' AND entity_id = ${action.id} ORDER BY id`.execute(t.database.db)).rows;
    const flat = Object.fromEntries(HEADER.map((key, i) => [key, row[i]!]));
    const expected = actionInput.parse(toActionInput('agreement', { ...flat, partners: bogota }));
    const [first, ...rest] = await entries();
    assert.equal(rest.length, 0, 'one entry per record');
    assert.equal(first!.operation, 'create');
    assert.equal(first!.gad_id, action.gad_id);
    assert.ok(first!.actor_id, 'the editor who started the import');
    assert.deepEqual(first!.diff, { import: created.id, after: JSON.parse(JSON.stringify(expected)) });

    const renamed = [...row];
    renamed[1] = 'Convenio auditado y renombrado';
    const updated = await importFile(t.app, quito, csv([HEADER, renamed]), { kind: 'agreement', mode: 'upsert' });
    assert.deepEqual(updated.counts, { rows: 1, created: 0, updated: 1, unchanged: 0, badRows: 0 });
    const after = await entries();
    assert.equal(after.length, 2);
    assert.deepEqual([after[1]!.operation, after[1]!.diff], ['update', { import: updated.id, title: { before: 'Convenio auditado', after: 'Convenio auditado y renombrado' } }]);
  });

  it('maps columns by a saved mapping, and reads XLSX by its content whatever its name', async () => {
    const saved = await t.app.inject({ method: 'POST', url: '/api/imports/mappings', headers: quito.headers,
      payload: { kind: 'award', name: 'Premios 2013', mapping: { Premio: 'title', Resultado: 'outcome', Año: 'year', Código: 'externalId' } } });
    assert.equal(saved.statusCode, 201, saved.body);
    const list = await t.app.inject({ method: 'GET', url: '/api/imports/mappings?kind=award', headers: quito.headers });
    assert.equal(list.json().items[0].name, 'Premios 2013');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Premios');
    sheet.addRow(['Código', 'Premio', 'Año', 'Resultado']);
    sheet.addRow(['P-1', 'Premio Reina Sofía', 2010, 'won']);
    sheet.addRow(['P-2', 'Ciudad Resiliente', 2013, 'ganado']);
    const data = new Uint8Array(await workbook.xlsx.writeBuffer());
    const status = await importFile(t.app, quito, data, { kind: 'award', dryRun: true, mappingId: saved.json().id, name: 'premios.csv' });
    assert.equal(status.counts.created, 1);
    assert.deepEqual(status.report.map((r: { row: number; column: string; value: string; code: string }) => [r.row, r.column, r.value, r.code]), [[3, 'Resultado', 'ganado', 'invalid_choice']]);
  });

  it('refuses uploads from readers and files it cannot use, naming the field', async () => {
    assert.equal((await upload(t.app, viewer, 'title\nx\n', { kind: 'visit' })).status, 403);
    assert.equal((await upload(t.app, null, 'title\nx\n', { kind: 'visit' })).status, 401);
    const badKind = await upload(t.app, quito, 'title\nx\n', { kind: 'picnic' });
    assert.equal(badKind.status, 422);
    assert.ok(badKind.body.errors.some((e: { field: string }) => e.field === 'body.kind'));
    const noFile = await t.app.inject({ method: 'POST', url: '/api/imports', headers: { ...quito.headers, 'content-type': 'application/json' }, payload: { kind: 'visit' } });
    assertProblem({ status: noFile.statusCode, contentType: String(noFile.headers['content-type']), body: noFile.json() }, 422, 'body.file');
  });
});
