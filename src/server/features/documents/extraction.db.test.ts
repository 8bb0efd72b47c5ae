import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { signIn, type Session } from '../../testing/http.ts';
import { makeAction, TEST_NOW } from '../../testing/factories.ts';
import { documentSettingsFromEnv } from '../../storage/settings.ts';
import { docx, multipart, odt, pdf, scannedPdf, zipBombDocx, type FilePart } from './test-files.ts';

let t: TestApp;
let dataDir: string;
let quito: Session;
let actionId: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'glocal-extract-'));
  const documents = documentSettingsFromEnv({ GLOCAL_UPLOAD_LIMIT_MB: '5', GLOCAL_EXTRACT_HEAP_MB: '128', GLOCAL_EXTRACT_TIMEOUT_MS: '180000' }, dataDir);
  t = await startTestApp({ loginPerMinute: 10_000, clock: () => TEST_NOW, documents });
  quito = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  actionId = await makeAction(t.database, { title: 'Proyecto de movilidad con Medellín', visibility: 'public' });
});
after(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function upload(file: FilePart) {
  const body = multipart(file);
  const response = await t.app.inject({ method: 'POST', url: `/api/actions/${actionId}/documents`, payload: body.payload, headers: { ...quito.headers, ...body.headers } });
  assert.ok(response.statusCode < 500, response.body);
  assert.equal(response.statusCode, 201, response.body);
  return response.json() as { id: string };
}

async function extracted(id: string) {
  await t.app.worker.drain();
  const document = await t.app.inject({ method: 'GET', url: `/api/documents/${id}` });
  assert.equal(document.statusCode, 200);
  const text = await sql<{ body: string }>`SELECT body FROM document_text WHERE document_id = ${id}`.execute(t.database.db);
  return { extraction: document.json().extraction as { state: string; reason: string | null }, text: text.rows[0]?.body ?? '' };
}

describe('text extraction', () => {
  it('reads the text of a PDF, a DOCX, an ODT and an XLSX', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Presupuesto').addRow(['Rubro', 'Capacitación de guías turísticos', 1500]).commit();
    const files: [FilePart, string][] = [
      [{ filename: 'acta.pdf', data: await pdf(['Acta de la mesa técnica sobre ciclovías']) }, 'ciclovías'],
      [{ filename: 'informe.docx', data: docx(['Informe del viaje a Medellín', 'Metrocable y urbanismo social']) }, 'Metrocable'],
      [{ filename: 'carta.odt', data: odt(['Carta de intención firmada']) }, 'intención'],
      [{ filename: 'presupuesto.xlsx', data: Buffer.from(await workbook.xlsx.writeBuffer()) }, 'guías turísticos'],
    ];
    for (const [file, word] of files) {
      const { id } = await upload(file);
      const result = await extracted(id);
      assert.deepEqual(result.extraction, { state: 'done', reason: null }, file.filename);
      assert.ok(result.text.includes(word), `${file.filename}: ${result.text}`);
    }
  });

  it('marks a corrupt PDF failed with the reason, without a 500', async () => {
    const { id } = await upload({ filename: 'roto.pdf', data: Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog'), Buffer.alloc(2000, 0x41)]) });
    const result = await extracted(id);
    assert.equal(result.extraction.state, 'failed');
    assert.match(result.extraction.reason!, /PDF/);
  });

  it('marks a PDF that is only a scanned image not extractable, with the reason', async () => {
    const { id } = await upload({ filename: 'escaneado.pdf', data: await scannedPdf() });
    const result = await extracted(id);
    assert.equal(result.extraction.state, 'not_extractable');
    assert.match(result.extraction.reason!, /no text layer/);
  });

  it('refuses to inflate a zip-bomb DOCX, keeps memory bounded and keeps answering other requests', async () => {
    const bomb = await zipBombDocx(1024);
    const liar = await zipBombDocx(256, true);
    assert.ok(bomb.length < 2 * 1024 * 1024, `the bomb is small on disk (${bomb.length} bytes) and inflates to 1 GB`);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    try {
      const documents = [await upload({ filename: 'bomba.docx', data: bomb }), await upload({ filename: 'mentirosa.docx', data: liar })];
      const draining = t.app.worker.drain();
      const started = Date.now();
      const health = await t.app.inject({ method: 'GET', url: '/api/documents/' + documents[0]!.id });
      const latency = Date.now() - started;
      await draining;
      assert.equal(health.statusCode, 200);
      // A generous bound: this checks that nothing blocks the event loop for the bomb's inflation, not speed.
      assert.ok(latency < 10_000, `another request was answered in ${latency} ms while the bomb was examined`);
      for (const { id } of documents) {
        const result = await extracted(id);
        assert.equal(result.extraction.state, 'failed');
        assert.match(result.extraction.reason!, /zip bomb|too many bytes|allowed size/i, result.extraction.reason!);
      }
    } finally {
      clearInterval(sampler);
    }
    const deltaMb = (peak - baseline) / 1024 / 1024;
    console.log(`zip bomb: peak RSS ${Math.round(peak / 1024 / 1024)} MB, delta ${Math.round(deltaMb)} MB (bound 200 MB)`);
    assert.ok(deltaMb < 200, `RSS grew by ${Math.round(deltaMb)} MB while a 1 GB zip bomb was processed`);
  });
});
