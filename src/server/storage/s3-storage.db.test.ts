/**
 * Documents on an S3-compatible object store: a real S3 HTTP server (s3rver, in-process on
 * loopback, objects on disk) behind the official AWS SDK, as MinIO or Ceph would be in production.
 * Then the store goes away: uploads and downloads answer 503, the text-extraction job is retried
 * with backoff, and once the store is back nothing was lost.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import S3rver from '@20minutes/s3rver';
import { startTestApp, type TestApp } from '../testing/harness.ts';
import { request, signIn, type Session } from '../testing/http.ts';
import { makeAction } from '../testing/factories.ts';
import { multipart, pdf, type FilePart } from '../features/documents/test-files.ts';
import { documentSettingsFromEnv, type DocumentSettings } from './settings.ts';
import { EXTRACT_QUEUE } from '../features/documents/upload-document.ts';

const BUCKET = 'glocal-documents';
let objectDir: string;
let dataDir: string;
let s3: S3rver | undefined;
let port = 0;
let documents: DocumentSettings;
let t: TestApp;
let quito: Session;
let actionId: string;
let now = new Date('2026-06-01T12:00:00Z');
const later = (ms: number) => { now = new Date(now.getTime() + ms); };

async function startS3() {
  // s3rver checks request signatures, but computes the bucket-root path (ListObjectsV2) without the
  // trailing slash that the current SDK no longer sends; signing is the SDK's job, so that check is off.
  s3 = new S3rver({ address: '127.0.0.1', port, directory: objectDir, silent: true, allowMismatchedSignatures: true, configureBuckets: [{ name: BUCKET }] });
  port = (await s3.run()).port;
}
async function stopS3() {
  // The SDK keeps sockets alive; close them so the port is really gone, as in an outage.
  s3!.httpServer.closeAllConnections();
  await s3!.close();
  s3 = undefined;
}

before(async () => {
  objectDir = mkdtempSync(join(tmpdir(), 'glocal-s3-objects-'));
  dataDir = mkdtempSync(join(tmpdir(), 'glocal-s3-data-'));
  await startS3();
  documents = documentSettingsFromEnv({
    S3_BUCKET: BUCKET, S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_REGION: 'us-east-1', S3_PREFIX: 'test-',
    // s3rver's fixed credentials.
    S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER',
  }, dataDir);
  t = await startTestApp({ loginPerMinute: 10_000, clock: () => now, documents });
  quito = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  actionId = await makeAction(t.database, { title: 'Convenio con Medellín archivado en S3', visibility: 'public' });
});
after(async () => {
  await t.close();
  if (s3) await stopS3();
  rmSync(objectDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

async function upload(file: FilePart, fields: Record<string, string> = {}) {
  const body = multipart(file, fields);
  const response = await t.app.inject({ method: 'POST', url: `/api/actions/${actionId}/documents`, payload: body.payload, headers: { ...quito.headers, ...body.headers } });
  return { status: response.statusCode, contentType: String(response.headers['content-type']), body: response.json() };
}
const storedKeys = async () => {
  const keys: string[] = [];
  for await (const object of documents.storage.list()) keys.push(object.key);
  return keys.sort();
};
const spoolFiles = () => { try { return readdirSync(join(dataDir, 'tmp', 'uploads')); } catch { return []; } };
const documentCount = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM document WHERE action_id = ${actionId}`.execute(t.database.db)).rows[0]!.n;
const extractJobs = async () => (await sql<{ state: string; attempts: number; run_at: Date; last_error: string | null }>`
  SELECT state, attempts, run_at, last_error FROM job WHERE queue = ${EXTRACT_QUEUE} ORDER BY id`.execute(t.database.db)).rows;

describe('documents on an S3-compatible store', () => {
  let firstId: string;
  let firstBytes: Buffer;

  it('stores an upload as one object in the bucket, none on local disk, and downloads the same bytes', async () => {
    firstBytes = await pdf(['Acta de la reunión con Medellín', 'Compromiso: intercambio de técnicos en movilidad.']);
    const created = await upload({ filename: 'acta-medellín.pdf', data: firstBytes }, { title: 'Acta Medellín' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    firstId = created.body.id;
    assert.equal((await storedKeys()).length, 1, 'one object in the bucket');
    assert.throws(() => readdirSync(join(dataDir, 'documents')), /ENOENT/, 'nothing is written to the local documents folder');
    assert.deepEqual(spoolFiles(), [], 'the spool file is gone once the object is committed');

    const download = await t.app.inject({ method: 'GET', url: `/api/documents/${firstId}/download`, headers: quito.headers });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(String(download.headers['content-disposition']), /filename\*=UTF-8''acta-medell%C3%ADn\.pdf/);
    assert.ok(Buffer.from(download.rawPayload).equals(firstBytes), 'the downloaded bytes are the uploaded ones');
  });

  it('reads the text of a stored PDF back from the bucket, so search finds it', async () => {
    await t.app.worker.drain();
    const found = await request(t.app, 'GET', '/api/search?q=intercambio%20de%20tecnicos', undefined, quito.headers);
    assert.equal(found.status, 200);
    const hits = found.body.items.filter((hit: { kind: string; document?: { id: string } }) => hit.kind === 'document' && hit.document?.id === firstId);
    assert.equal(hits.length, 1, JSON.stringify(found.body.items));
  });

  it('keeps a second upload of the same document as version 2, a second object, and deleting it keeps version 1', async () => {
    const v2 = await upload({ filename: 'acta-firmada.pdf', data: await pdf(['Acta firmada con Medellín']) }, { replaces: firstId });
    assert.equal(v2.status, 201, JSON.stringify(v2.body));
    assert.equal(v2.body.version, 2);
    assert.equal((await storedKeys()).length, 2);
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/documents/${v2.body.id}`, headers: quito.headers });
    assert.equal(removed.statusCode, 204);
    const v1 = await t.app.inject({ method: 'GET', url: `/api/documents/${firstId}/download`, headers: quito.headers });
    assert.ok(Buffer.from(v1.rawPayload).equals(firstBytes));
  });
});

describe('the object store down', () => {
  let pendingId: string;

  it('answers an upload with a 503 problem, and keeps no row, no object and no spool file', async () => {
    // A document whose text is not yet extracted when the store goes away.
    const queued = await upload({ filename: 'informe.pdf', data: await pdf(['Informe de viaje: la red de ciclovías de Medellín.']) });
    assert.equal(queued.status, 201);
    pendingId = queued.body.id;
    const keysBefore = await storedKeys();
    const rowsBefore = await documentCount();
    await stopS3();

    const refused = await upload({ filename: 'otro.pdf', data: await pdf(['Carta de intención']) });
    assert.equal(refused.status, 503, JSON.stringify(refused.body));
    assert.match(refused.contentType, /application\/problem\+json/);
    assert.match(refused.body.detail, /storage/i);
    assert.equal(await documentCount(), rowsBefore, 'no document row names a file that was never stored');
    assert.deepEqual(spoolFiles(), []);

    const download = await t.app.inject({ method: 'GET', url: `/api/documents/${pendingId}/download`, headers: quito.headers });
    assert.equal(download.statusCode, 503);
    assert.match(String(download.headers['content-type']), /application\/problem\+json/);

    await startS3();
    assert.deepEqual(await storedKeys(), keysBefore, 'the refused upload left no object behind');
    await stopS3();
  });

  it('retries the text extraction with growing backoff through an outage of hours, and once the store is back extracts it exactly once', async () => {
    await t.app.worker.drain();
    let [job] = (await extractJobs()).slice(-1);
    assert.equal(job!.state, 'queued', 'the job waits for a retry, it is not dropped');
    assert.equal(job!.attempts, 1);
    assert.equal(job!.run_at.getTime() - now.getTime(), 30_000, 'first retry after 30 s');
    const pending = await request(t.app, 'GET', `/api/documents/${pendingId}`, undefined, quito.headers);
    assert.equal(pending.body.extraction.state, 'pending', 'the document is not marked failed for an outage');

    later(30_000);
    await t.app.worker.drain();
    [job] = (await extractJobs()).slice(-1);
    assert.equal(job!.attempts, 2);
    assert.equal(job!.run_at.getTime() - now.getTime(), 60_000, 'the second retry waits twice as long');

    // An outage of hours, not minutes: the job keeps waiting (2, 4, 8… min, then hourly) instead of giving up.
    for (let attempt = 3; attempt <= 10; attempt++) {
      later(job!.run_at.getTime() - now.getTime());
      await t.app.worker.drain();
      [job] = (await extractJobs()).slice(-1);
      assert.deepEqual([job!.state, job!.attempts], ['queued', attempt], `still queued after attempt ${attempt}`);
    }
    assert.equal(job!.run_at.getTime() - now.getTime(), 3_600_000, 'retries settle at one an hour');

    await startS3();
    later(3_600_000);
    await t.app.worker.drain();
    [job] = (await extractJobs()).slice(-1);
    assert.equal(job!.state, 'done');
    const extracted = await request(t.app, 'GET', `/api/documents/${pendingId}`, undefined, quito.headers);
    assert.equal(extracted.body.extraction.state, 'done');
    const found = await request(t.app, 'GET', '/api/search?q=ciclovias', undefined, quito.headers);
    assert.equal(found.body.items.filter((hit: { kind: string; document?: { id: string } }) => hit.kind === 'document' && hit.document?.id === pendingId).length, 1);
    later(3_600_000);
    assert.equal(await t.app.worker.drain(), 0, 'nothing runs twice');
  });
});
