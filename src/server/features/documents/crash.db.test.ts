import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../../scripts/postgres-cluster.ts';
import { freshPostgresUrl, testDatabaseKind } from '../../testing/harness.ts';
import { DEMO_PASSWORD } from '../../testing/http.ts';
import { pdf } from './test-files.ts';

const root = join(import.meta.dirname, '../../../..');
let dataDir: string;
let env: Record<string, string>;
const children: ChildProcess[] = [];

interface Child { url: string; process: ChildProcess; exited: Promise<unknown>; logFile: string }

/** `node src/server/main.ts` as a real process, healthy and listening. */
async function startServer(): Promise<Child> {
  const port = await freePort();
  const logFile = join(dataDir, `server-${port}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [join(root, 'src/server/main.ts')], { cwd: root, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) assert.fail(`the server exited during start:\n${existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : ''}`);
    const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200, () => false);
    if (ok) return { url, process: child, exited, logFile };
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      assert.fail('the server did not become healthy in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function signIn(url: string) {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'editor.quito@demo.glocal.ec', password: DEMO_PASSWORD }) });
  assert.equal(response.status, 200);
  const cookie = String(response.headers.get('set-cookie')).split(';')[0]!;
  return { cookie, 'x-csrf-token': ((await response.json()) as { csrfToken: string }).csrfToken };
}

const files = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : []);

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'glocal-crash-'));
  env = { ...(process.env as Record<string, string>), HOST: '127.0.0.1', NODE_ENV: 'development', GLOCAL_DATA_DIR: dataDir,
    GLOCAL_ORPHAN_GRACE_SECONDS: '1', LOG_LEVEL: 'warn' };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  delete env.S3_BUCKET;
  if (testDatabaseKind() === 'postgresql') env.DATABASE_URL = await freshPostgresUrl();
  else delete env.DATABASE_URL;
});
after(() => {
  // A failed assertion must not leave a server running (the test process would never end).
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a server killed during an upload', () => {
  it('leaves no orphan file and no half-made document after it restarts', async () => {
    let server = await startServer();
    const headers = await signIn(server.url);
    const actions = await (await fetch(`${server.url}/api/actions?gad=1701&limit=1`, { headers })).json() as { items: { id: string }[] };
    const actionId = actions.items[0]!.id;

    // A 20 MB upload, sent slowly: the server is killed with about 2 MB of it on disk.
    const boundary = '----glocalcrash';
    const upload = httpRequest(`${server.url}/api/actions/${actionId}/documents`, {
      method: 'POST', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
    });
    upload.on('error', () => { /* the server dies mid-request */ });
    upload.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="acta.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    upload.write(await pdf(['Acta que nunca llegará entera']));
    const spoolDir = join(dataDir, 'tmp', 'uploads');
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent < 20 * 1024 * 1024; sent += chunk.length) {
      upload.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (sent > 2 * 1024 * 1024 && files(spoolDir).length > 0) break;
    }
    assert.equal(files(spoolDir).length, 1, 'the upload is being spooled');

    // Also a stored file whose row never committed (the crash window between rename and INSERT).
    const documentsDir = join(dataDir, 'documents');
    mkdirSync(documentsDir, { recursive: true });
    writeFileSync(join(documentsDir, '00000000-0000-4000-8000-000000000000'), 'half an upload');
    utimesSync(join(documentsDir, '00000000-0000-4000-8000-000000000000'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

    server.process.kill('SIGKILL');
    await server.exited;
    upload.destroy();
    assert.equal(files(spoolDir).length, 1, 'SIGKILL left the partial spool file behind');

    await new Promise((resolve) => setTimeout(resolve, 1500));
    server = await startServer();
    try {
      // The sweep runs as the server starts.
      const deadline = Date.now() + 20_000;
      while ((files(spoolDir).length > 0 || files(documentsDir).length > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(files(spoolDir), [], 'no partial upload is left in the spool');
      assert.deepEqual(files(documentsDir), [], 'no stored file without a document row is left');

      const after = await signIn(server.url);
      const list = await (await fetch(`${server.url}/api/actions/${actionId}/documents`, { headers: after })).json() as { items: unknown[] };
      assert.deepEqual(list.items, [], 'no half-made document row');

      // And the restarted server takes uploads again.
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await pdf(['Acta completa']))]), 'acta.pdf');
      const ok = await fetch(`${server.url}/api/actions/${actionId}/documents`, { method: 'POST', headers: after, body: form });
      assert.equal(ok.status, 201, await ok.text());
      assert.equal(files(documentsDir).length, 1);
    } finally {
      server.process.kill('SIGTERM');
      await server.exited;
    }
  });
});
