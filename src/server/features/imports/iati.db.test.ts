import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { signIn, type Session } from '../../testing/http.ts';
import { finished, importFile, upload } from './test-helpers.ts';

let t: TestApp;
let quito: Session;
before(async () => {
  t = await startTestApp();
  quito = await signIn(t.app, 'editor.quito@demo.glocal.ec');
});
after(() => t.close());

const IATI_DIR = '/work/shared/data/iati/schema-tests';
const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? files(path) : name.endsWith('.xml') ? [path] : [];
});

const activity = (id: string, country: string, extra = '') => `
  <iati-activity last-updated-datetime="2024-01-01T00:00:00Z" default-currency="EUR">
    <iati-identifier>${id}</iati-identifier>
    <reporting-org ref="XM-DAC-41114" type="40"><narrative>UNDP</narrative></reporting-org>
    <title><narrative xml:lang="en">Water for ${id}</narrative><narrative xml:lang="es">Agua para ${id}</narrative></title>
    <description type="1"><narrative>Drinking water in the Andes</narrative></description>
    <participating-org ref="XM-DAC-41114" role="1" type="40"><narrative>Programa de las Naciones Unidas para el Desarrollo</narrative></participating-org>
    <participating-org ref="ES-DIR3-E04585801" role="4" type="10"><narrative>Agencia Española de Cooperación Internacional para el Desarrollo</narrative></participating-org>
    <activity-status code="2"/>
    <activity-date type="2" iso-date="2023-02-01"/>
    <activity-date type="3" iso-date="2026-12-31"/>
    <recipient-country code="${country}" percentage="100"/>
    <default-finance-type code="110"/>${extra}
  </iati-activity>`;
const iatiFile = (...activities: string[]) => `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2024-01-01T00:00:00Z">${activities.join('')}
</iati-activities>
`;

describe('IATI activity import', () => {
  it('turns activities in Ecuador into projects with their organisations as partners, and a re-import changes nothing', async () => {
    const file = iatiFile(activity('XM-DAC-41114-EC-1', 'EC'), activity('XM-DAC-41114-PE-9', 'PE'), activity('XM-DAC-41114-EC-2', 'EC'));
    const first = await importFile(t.app, quito, file, { kind: 'iati', mode: 'upsert', name: 'undp.xml', type: 'application/xml' });
    assert.equal(first.state, 'done', JSON.stringify(first.report));
    assert.deepEqual(first.counts, { rows: 3, created: 2, updated: 0, unchanged: 0, badRows: 0 });
    assert.deepEqual(first.report.map((r: { row: number; code: string; value: string; severity: string }) => [r.row, r.code, r.value, r.severity]),
      [[2, 'iati_not_ecuador', 'XM-DAC-41114-PE-9', 'info']]);
    const project = await sql<{ title: string; state: string; modality: string; start_date: string; roles: string[] }>`
      SELECT a.title, p.state, p.modality, a.start_date,
        ARRAY(SELECT ap.role || ':' || pa.iati_org_ref FROM action_partner ap JOIN partner pa ON pa.id = ap.partner_id WHERE ap.action_id = a.id ORDER BY ap.role) AS roles
      FROM project p JOIN action a ON a.id = p.action_id WHERE p.iati_identifier = 'XM-DAC-41114-EC-1'`.execute(t.database.db);
    assert.deepEqual(project.rows[0], { title: 'Agua para XM-DAC-41114-EC-1', state: 'in_progress', modality: 'non_reimbursable', start_date: '2023-02-01',
      roles: ['funder:XM-DAC-41114', 'implementer:ES-DIR3-E04585801'] });
    const again = await importFile(t.app, quito, file, { kind: 'iati', mode: 'upsert', name: 'undp.xml' });
    assert.deepEqual(again.counts, { rows: 3, created: 0, updated: 0, unchanged: 2, badRows: 0 });
    const partners = await sql<{ n: number }>`SELECT count(*)::int AS n FROM partner WHERE iati_org_ref IN ('XM-DAC-41114', 'ES-DIR3-E04585801')`.execute(t.database.db);
    assert.equal(partners.rows[0]!.n, 2, 'organisations are matched by their IATI ref, not created twice');
  });

  it('refuses XML that is not well formed with its line number and reason', async () => {
    const broken = iatiFile(activity('EC-A', 'EC'), activity('EC-B', 'EC', '\n    <sector code="1"><narrative>Water</sector>'));
    const response = await upload(t.app, quito, broken, { kind: 'iati', name: 'broken.xml' });
    assert.equal(response.status, 422);
    const expectedLine = broken.split('\n').findIndex((l) => l.includes('<sector')) + 1;
    assert.equal(response.body.line, expectedLine);
    assert.match(response.body.errors[0].message, new RegExp(`^Line ${expectedLine}: .*narrative`));
  });

  it('accounts for every activity of the IATI schema test files: imported, or reported with a reason', { timeout: 600_000 }, async () => {
    let activities = 0, accounted = 0, refusedFiles = 0;
    for (const path of files(IATI_DIR)) {
      const xml = readFileSync(path);
      const expected = (xml.toString('utf8').replace(/<!--[\s\S]*?-->/g, '').match(/<iati-activity[\s>]/g) ?? []).length;
      const started = await upload(t.app, quito, xml, { kind: 'iati', mode: 'upsert', name: path.split('/').pop()! });
      if (started.status === 422) {
        // Refused whole, with the line: every activity in it is accounted for by that answer.
        assert.match(started.body.errors[0].message, /^Line \d+: /, path);
        refusedFiles++; activities += expected; accounted += expected;
        continue;
      }
      assert.equal(started.status, 202, `${path}: ${JSON.stringify(started.body)}`);
      const status = await finished(t.app, quito, started.body.id);
      const reported = new Set(status.report.map((r: { row: number }) => r.row)).size;
      assert.equal(status.counts.rows, expected, path);
      assert.equal(status.counts.created + status.counts.updated + status.counts.unchanged + reported, expected, `${path}: ${JSON.stringify(status)}`);
      activities += expected; accounted += status.counts.created + status.counts.updated + status.counts.unchanged + reported;
    }
    console.log(`# IATI schema tests: ${files(IATI_DIR).length} files, ${activities} activities, ${accounted} accounted for, ${refusedFiles} files refused as not well formed`);
    assert.equal(accounted, activities);
  });
});
