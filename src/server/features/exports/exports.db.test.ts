import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parse } from 'csv-parse/sync';
import { readSheet } from 'read-excel-file/node';
import { validateXML } from 'xmllint-wasm';
import { XMLParser } from 'fast-xml-parser';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, signIn, type Session } from '../../testing/http.ts';
import { makePartner } from '../../testing/factories.ts';

let t: TestApp;
let editor: Session;
const TRICKY = 'Convenio "Ñandú", cooperación\nsegunda línea; São Paulo – Bogotá';
const marker = 'qqexport';

async function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers });
}

async function create(body: Record<string, unknown>) {
  const response = await t.app.inject({ method: 'POST', url: '/api/actions', payload: { gad: '1701', ...body }, headers: editor.headers });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id as string;
}

let trickyId: string;
let hiddenId: string;
let projectId: string;

before(async () => {
  t = await startTestApp({ publicUrl: 'https://glocal.example' });
  editor = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  trickyId = await create({ type: 'agreement', visibility: 'public', title: `${TRICKY} ${marker}`, description: 'Áreas: cultura,\r\n"patrimonio"',
    startDate: '2025-04-01', themes: ['culture'], details: { kind: 'memorandum', state: 'signed', signedOn: '2025-04-01' } });
  hiddenId = await create({ type: 'award', visibility: 'own', title: `Premio interno ${marker}`, startDate: '2025-05-01', details: { outcome: 'applied' } });
  const giz = await makePartner(t.database, 'GIZ Ecuador', { type: 'cooperation_agency', countryCode: 'DE' });
  projectId = await create({ type: 'project', visibility: 'public', title: `Movilidad sostenible & <espacio público> ${marker}`, startDate: '2025-02-01', endDate: '2026-12-31',
    themes: ['environment', 'mobility'], partners: [{ partnerId: giz, role: 'funder' }],
    details: { modality: 'non_reimbursable', direction: 'received', flow: 'north_south', state: 'in_progress',
      amounts: [{ kind: 'budget', amountMinor: 125000050, currency: 'EUR' }, { kind: 'disbursement', amountMinor: 40000000, currency: 'EUR', onDate: '2025-06-30' }] } });
  await sql`INSERT INTO document (gad_id, action_id, kind, title, file_name, media_type, size_bytes, sha256, storage_key, document_key)
    SELECT gad_id, id, 'signed_instrument', 'Convenio firmado', 'convenio.pdf', 'application/pdf', 10, repeat('a', 64), 'k', gen_random_uuid()
    FROM action WHERE id = ${projectId}`.execute(t.database.db);
});
after(() => t.close());

describe('the CSV export', () => {
  it('opens in Excel (UTF-8 BOM) and round-trips accents, quotes, commas and line breaks through a standard parser', async () => {
    const response = await get(`/api/export/actions.csv?q=${marker}`);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(response.headers['content-disposition']), /attachment; filename="glocal-actions.csv"/);
    assert.deepEqual([...response.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const records: Record<string, string>[] = parse(response.rawPayload, { bom: true, columns: true });
    const tricky = records.find((r) => r.id === trickyId)!;
    assert.equal(tricky.title, `${TRICKY} ${marker}`);
    assert.equal(tricky.description, 'Áreas: cultura,\r\n"patrimonio"');
    assert.equal(tricky.gad_dpa_code, '1701');
    assert.equal(tricky.themes, 'culture');
  });

  it('respects visibility: the public does not get a GAD-only record, its own editor does', async () => {
    const anonymous: Record<string, string>[] = parse((await get(`/api/export/actions.csv?q=${marker}`)).rawPayload, { bom: true, columns: true });
    assert.ok(!anonymous.some((r) => r.id === hiddenId));
    const own: Record<string, string>[] = parse((await get(`/api/export/actions.csv?q=${marker}`, editor.headers)).rawPayload, { bom: true, columns: true });
    assert.ok(own.some((r) => r.id === hiddenId));
  });

  it('applies the action list filters', async () => {
    const records: Record<string, string>[] = parse((await get(`/api/export/actions.csv?q=${marker}&type=project`)).rawPayload, { bom: true, columns: true });
    assert.deepEqual(records.map((r) => r.id), [projectId]);
    assertProblem(await (async () => { const r = await get('/api/export/actions.csv?year=abc'); return { status: r.statusCode, contentType: String(r.headers['content-type']), body: r.json() }; })(), 400, 'query.year');
  });
});

describe('the JSON export', () => {
  it('is one array with the same records as the list', async () => {
    const body = (await get(`/api/export/actions.json?q=${marker}`, editor.headers)).json();
    assert.ok(Array.isArray(body));
    const list = (await get(`/api/actions?q=${marker}&limit=200`, editor.headers)).json();
    assert.deepEqual(body.map((r: { id: string }) => r.id).sort(), list.items.map((r: { id: string }) => r.id).sort());
    assert.equal(body.find((r: { id: string }) => r.id === trickyId).title, `${TRICKY} ${marker}`);
  });
});

describe('the XLSX export', () => {
  it('opens with a second, independent reader (read-excel-file) with the text intact', async () => {
    const response = await get(`/api/export/actions.xlsx?q=${marker}`);
    assert.equal(response.statusCode, 200);
    const rows = await readSheet(response.rawPayload);
    assert.equal(rows[0]![0], 'id');
    const tricky = rows.find((r) => r[0] === trickyId)!;
    assert.equal(tricky[4], `${TRICKY} ${marker}`);
    // Spreadsheet readers may normalise CRLF inside a cell to LF; the text itself must survive.
    assert.equal(String(tricky[5]).replace(/\r\n/g, '\n'), 'Áreas: cultura,\n"patrimonio"');
    assert.equal(rows.length - 1, (await get(`/api/actions?q=${marker}`)).json().total);
  });
});

describe('the IATI 2.03 export', () => {
  let xml: string;
  before(async () => {
    const response = await get('/api/export/iati.xml');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/xml/);
    xml = response.body;
  });

  it('validates against the official IATI 2.03 activity schema (local copy, nothing downloaded)', async () => {
    const dir = join(import.meta.dirname, 'fixtures/iati');
    const file = async (name: string) => ({ fileName: name, contents: await readFile(join(dir, name), 'utf8') });
    const result = await validateXML({ xml: [{ fileName: 'export.xml', contents: xml }], schema: [await file('iati-activities-schema.xsd')],
      preload: [await file('iati-common.xsd'), await file('xml.xsd')] });
    assert.deepEqual(result.errors, []);
    assert.equal(result.valid, true);
  });

  it('holds the demo and illustrative projects with organisations and roles, sectors, country, dates, budget, transactions and documents', async () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, isArray: (name) => ['iati-activity', 'participating-org', 'sector', 'transaction', 'budget', 'document-link', 'activity-date'].includes(name) })
      .parse(xml);
    const activities = doc['iati-activities']['iati-activity'];
    const demoProjects = await sql<{ n: number }>`SELECT count(*)::int AS n FROM action a JOIN project p ON p.action_id = a.id
      WHERE a.visibility = 'public' AND a.deleted_at IS NULL AND a.start_date IS NOT NULL AND a.illustrative`.execute(t.database.db);
    assert.ok(activities.length >= demoProjects.rows[0]!.n, `${activities.length} activities`);
    const ours = activities.find((a: any) => String(a['iati-identifier']).endsWith(projectId));
    assert.equal(ours['reporting-org']['@ref'], 'EC-DPA-1701');
    const roles = ours['participating-org'].map((o: any) => [o.narrative['#text'], o['@role']]);
    assert.ok(roles.some(([name, role]: string[]) => name === 'GIZ Ecuador' && role === '1'), 'GIZ funds');
    assert.ok(roles.some(([, role]: string[]) => role === '4'), 'the GAD implements');
    assert.equal(ours['recipient-country']['@code'], 'EC');
    assert.deepEqual(ours.sector.map((s: any) => s['@percentage']), ['50', '50']);
    assert.deepEqual(ours['activity-date'].map((d: any) => [d['@type'], d['@iso-date']]), [['2', '2025-02-01'], ['3', '2026-12-31']]);
    assert.equal(ours.budget[0].value['#text'], '1250000.50');
    assert.equal(ours.transaction[0]['transaction-type']['@code'], '1');
    assert.match(ours['document-link'][0]['@url'], /^https:\/\/glocal\.example\/api\/documents\/.+\/download$/);
    assert.equal(ours.title.narrative['#text'], `Movilidad sostenible & <espacio público> ${marker}`);
  });
});
