import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request, signIn, type Session } from '../../testing/http.ts';
import { makeAction, TEST_NOW } from '../../testing/factories.ts';
import { documentSettingsFromEnv } from '../../storage/settings.ts';
import { docx, elf, multipart, odt, pdf, png, type FilePart } from './test-files.ts';

let t: TestApp;
let dataDir: string;
let quito: Session;
let cuenca: Session;
let actionId: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'glocal-docs-'));
  const documents = documentSettingsFromEnv({ GLOCAL_UPLOAD_LIMIT_MB: '2', GLOCAL_EXTRACT_HEAP_MB: '128' }, dataDir);
  t = await startTestApp({ loginPerMinute: 10_000, clock: () => TEST_NOW, documents });
  quito = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  cuenca = await signIn(t.app, 'editor.cuenca@demo.glocal.ec');
  actionId = await makeAction(t.database, { title: 'Convenio de hermanamiento con Lima', visibility: 'public' });
});
after(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function upload(url: string, file: FilePart | null, session: Session = quito, fields: Record<string, string> = {}) {
  const body = multipart(file, fields);
  const response = await t.app.inject({ method: 'POST', url, payload: body.payload, headers: { ...session.headers, ...body.headers } });
  const contentType = String(response.headers['content-type'] ?? '');
  return { status: response.statusCode, contentType, body: contentType.includes('json') ? response.json() : response.body };
}

const storedFiles = () => {
  try { return readdirSync(join(dataDir, 'documents')); } catch { return []; }
};
const spoolFiles = () => {
  try { return readdirSync(join(dataDir, 'tmp', 'uploads')); } catch { return []; }
};

describe('uploading documents to an action', () => {
  it('stores a PDF, reads its type from the content, and hashes it', async () => {
    const bytes = await pdf(['Acta de la reunión de seguimiento']);
    const response = await upload(`/api/actions/${actionId}/documents`, { filename: 'Acta reunión.bin', data: bytes }, quito, { title: 'Acta de seguimiento' });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const document = response.body;
    assert.equal(document.contentType, 'application/pdf');
    assert.equal(document.filename, 'Acta reunión.bin');
    assert.equal(document.title, 'Acta de seguimiento');
    assert.equal(document.size, bytes.length);
    assert.equal(document.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(document.version, 1);
    assert.equal(document.documentKey, document.id);
    assert.deepEqual(document.extraction, { state: 'pending', reason: null });
    assert.equal(storedFiles().length, 1);
    assert.deepEqual(spoolFiles(), [], 'no temporary file is left behind');
    const audit = await sql<{ operation: string }>`SELECT operation FROM audit_log WHERE entity = 'document' AND entity_id = ${document.id}`.execute(t.database.db);
    assert.deepEqual(audit.rows.map((r) => r.operation), ['create']);
  });

  it('answers 200 with the existing document when the same bytes are uploaded again, and stores them once', async () => {
    const bytes = await pdf(['Informe de viaje a Lima']);
    const first = await upload(`/api/actions/${actionId}/documents`, { filename: 'informe.pdf', data: bytes });
    const before = storedFiles().length;
    const again = await upload(`/api/actions/${actionId}/documents`, { filename: 'copia.pdf', data: bytes });
    assert.equal(first.status, 201);
    assert.equal(again.status, 200);
    assert.equal(again.body.id, first.body.id);
    assert.equal(storedFiles().length, before);
  });

  it('keeps a new upload of a document as its next version, and lists the latest version with the count', async () => {
    const v1 = await upload(`/api/actions/${actionId}/documents`, { filename: 'convenio.docx', data: docx(['Borrador del convenio']) }, quito, { title: 'Convenio' });
    const v2 = await upload(`/api/actions/${actionId}/documents`, { filename: 'convenio-firmado.docx', data: docx(['Convenio firmado']) }, quito, { title: 'Convenio', replaces: v1.body.id });
    assert.equal(v2.status, 201, JSON.stringify(v2.body));
    assert.equal(v2.body.version, 2);
    assert.equal(v2.body.documentKey, v1.body.id);
    assert.equal(v2.body.contentType, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const list = await request(t.app, 'GET', `/api/actions/${actionId}/documents`);
    const item = list.body.items.find((d: any) => d.documentKey === v1.body.id);
    assert.equal(item.id, v2.body.id, 'the list shows the latest version');
    assert.equal(item.versions, 2);
    const detail = await request(t.app, 'GET', `/api/documents/${v1.body.id}`);
    assert.equal(detail.status, 200);
    assert.deepEqual(detail.body.versions.map((v: any) => v.version), [2, 1]);
  });

  it('downloads with the detected type and an RFC 6266 file name', async () => {
    const bytes = png();
    const uploaded = await upload(`/api/actions/${actionId}/documents`, { filename: 'Foto Bogotá.png', data: bytes });
    assert.equal(uploaded.status, 201);
    assert.equal(uploaded.body.extraction.state, 'not_extractable');
    const download = await t.app.inject({ method: 'GET', url: `/api/documents/${uploaded.body.id}/download` });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'image/png');
    assert.equal(download.headers['content-disposition'], `attachment; filename="Foto Bogota.png"; filename*=UTF-8''Foto%20Bogot%C3%A1.png`);
    assert.deepEqual(download.rawPayload, bytes);
  });

  it('accepts ODT and XLSX by their content', async () => {
    const odtUpload = await upload(`/api/actions/${actionId}/documents`, { filename: 'acta.odt', data: odt(['Acta en formato abierto']) });
    assert.equal(odtUpload.status, 201, JSON.stringify(odtUpload.body));
    assert.equal(odtUpload.body.contentType, 'application/vnd.oasis.opendocument.text');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Presupuesto').addRow(['Rubro', 'Monto']).commit();
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const xlsxUpload = await upload(`/api/actions/${actionId}/documents`, { filename: 'presupuesto.xlsx', data: xlsx });
    assert.equal(xlsxUpload.status, 201, JSON.stringify(xlsxUpload.body));
    assert.equal(xlsxUpload.body.contentType, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});

describe('a stored file lost from storage', () => {
  it('answers the download with a 404 problem that names the loss, not a 500', async () => {
    const response = await upload(`/api/actions/${actionId}/documents`, { filename: 'perdido.pdf', data: await pdf(['Archivo que se perderá']) });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    const row = await sql<{ storage_key: string }>`SELECT storage_key FROM document WHERE id = ${response.body.id}`.execute(t.database.db);
    rmSync(join(dataDir, 'documents', row.rows[0]!.storage_key), { force: true });
    const download = await request(t.app, 'GET', `/api/documents/${response.body.id}/download`, undefined, quito.headers);
    assertProblem(download, 404);
    assert.match(download.body.detail, /missing from storage/);
  });
});

describe('refused uploads', () => {
  it('refuses an executable renamed .pdf with 415 naming file', async () => {
    assertProblem(await upload(`/api/actions/${actionId}/documents`, { filename: 'acta.pdf', contentType: 'application/pdf', data: elf() }), 415, 'file');
  });

  it('refuses a file over the limit with 413 and keeps no part of it', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 * 1024 * 1024, 0x20)]);
    const before = storedFiles().length;
    assertProblem(await upload(`/api/actions/${actionId}/documents`, { filename: 'grande.pdf', data: big }), 413, 'file');
    assert.equal(storedFiles().length, before);
    assert.deepEqual(spoolFiles(), []);
  });

  it('refuses a 0-byte file with 422, and a request without a file', async () => {
    assertProblem(await upload(`/api/actions/${actionId}/documents`, { filename: 'vacio.pdf', data: Buffer.alloc(0) }), 422, 'file');
    assertProblem(await upload(`/api/actions/${actionId}/documents`, null, quito, { title: 'Sin archivo' }), 422, 'file');
  });

  it('lets only editors of the record’s GAD upload, and hides records the caller cannot see', async () => {
    const data = await pdf(['Intento']);
    assertProblem(await upload(`/api/actions/${actionId}/documents`, { filename: 'x.pdf', data }, cuenca), 403);
    const hidden = await makeAction(t.database, { title: 'Reservado', visibility: 'own' });
    assertProblem(await upload(`/api/actions/${hidden}/documents`, { filename: 'x.pdf', data }, cuenca), 404);
    const anonymous = await t.app.inject({ method: 'POST', url: `/api/actions/${actionId}/documents`, ...multipart({ filename: 'x.pdf', data }) });
    assert.equal(anonymous.statusCode, 401);
  });
});

describe('documents of a commitment', () => {
  it('uploads to a commitment and accepts the document as evidence of completion', async () => {
    const commitment = await request(t.app, 'POST', '/api/commitments', { actionId, description: 'Enviar el informe de viaje' }, quito.headers);
    assert.equal(commitment.status, 201, JSON.stringify(commitment.body));
    const uploaded = await upload(`/api/commitments/${commitment.body.id}/documents`, { filename: 'informe.pdf', data: await pdf(['Informe de viaje entregado']) });
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body));
    assert.equal(uploaded.body.commitmentId, commitment.body.id);
    const list = await request(t.app, 'GET', `/api/commitments/${commitment.body.id}/documents`);
    assert.deepEqual(list.body.items.map((d: any) => d.id), [uploaded.body.id]);
    const done = await request(t.app, 'POST', `/api/commitments/${commitment.body.id}/complete`, { evidenceDocumentId: uploaded.body.id }, quito.headers);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.state, 'done');
  });
});

describe('deleting a document', () => {
  it('soft-deletes it (audited): gone from lists, detail and download', async () => {
    const uploaded = await upload(`/api/actions/${actionId}/documents`, { filename: 'borrar.pdf', data: await pdf(['Para borrar']) });
    assertProblem(await request(t.app, 'DELETE', `/api/documents/${uploaded.body.id}`, undefined, cuenca.headers), 403);
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/documents/${uploaded.body.id}`, headers: quito.headers });
    assert.equal(deleted.statusCode, 204);
    assertProblem(await request(t.app, 'GET', `/api/documents/${uploaded.body.id}`), 404);
    assertProblem(await request(t.app, 'GET', `/api/documents/${uploaded.body.id}/download`), 404);
    const list = await request(t.app, 'GET', `/api/actions/${actionId}/documents`);
    assert.ok(!list.body.items.some((d: any) => d.id === uploaded.body.id));
    const audit = await sql<{ operation: string }>`SELECT operation FROM audit_log WHERE entity = 'document' AND entity_id = ${uploaded.body.id} ORDER BY id`.execute(t.database.db);
    assert.deepEqual(audit.rows.map((r) => r.operation), ['create', 'delete']);
  });
});
