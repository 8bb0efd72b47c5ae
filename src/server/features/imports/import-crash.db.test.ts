import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../../scripts/postgres-cluster.ts';
import { openPglite, openPostgres, type Database } from '../../db/database.ts';
import { freshPostgresUrl, testDatabaseKind } from '../../testing/harness.ts';
import { DEMO_PASSWORD } from '../../testing/http.ts';
import { actionFingerprint, csv } from './test-helpers.ts';

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
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) assert.fail(`the server exited during start:\n${existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : ''}`);
    const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200, () => false);
    if (ok) return { url, process: child, exited, logFile };
    if (Date.now() > deadline) { child.kill('SIGKILL'); assert.fail('the server did not become healthy in time'); }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function stop(server: Child, signal: NodeJS.Signals) {
  server.process.kill(signal);
  await server.exited;
}

/** The database as a stopped server left it (PGlite allows one process at a time). */
async function fingerprint() {
  const database: Database = env.DATABASE_URL ? openPostgres(env.DATABASE_URL, 1) : await openPglite(join(dataDir, 'pglite'));
  try { return await actionFingerprint(database.db); } finally { await database.close(); }
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'glocal-import-crash-'));
  env = { ...(process.env as Record<string, string>), HOST: '127.0.0.1', NODE_ENV: 'development', GLOCAL_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  if (testDatabaseKind() === 'postgresql') env.DATABASE_URL = await freshPostgresUrl();
  else {
    delete env.DATABASE_URL;
    // Start from the runner's prepared database (migrated, reference and demo data loaded), as a restarted server would.
    const template = process.env.GLOCAL_TEST_PGLITE_TEMPLATE;
    if (template) await (await openPglite(join(dataDir, 'pglite'), new Blob([readFileSync(template)]))).close();
  }
});
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('a server killed with SIGKILL in the middle of an import leaves the database exactly as before, also after it restarts', { timeout: 1_200_000 }, async () => {
  const before = await fingerprint();
  let server = await startServer();
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'editor.quito@demo.glocal.ec', password: DEMO_PASSWORD }) });
  assert.equal(login.status, 200);
  const headers = { cookie: String(login.headers.get('set-cookie')).split(';')[0]!, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
  const rows = Array.from({ length: 50_000 }, (_, i) => [`CRASH-${i}`, `Visita ${i}`, '2020-05-01', 'public', 'approach']);
  const form = new FormData();
  form.append('kind', 'visit');
  form.append('mode', 'upsert');
  form.append('dryRun', 'false');
  form.append('file', new Blob([csv([['externalId', 'title', 'startDate', 'visibility', 'outcome'], ...rows])], { type: 'text/csv' }), 'visits.csv');
  const started = await fetch(`${server.url}/api/imports`, { method: 'POST', headers, body: form });
  assert.equal(started.status, 202, await started.clone().text());
  const { id } = (await started.json()) as { id: string };

  // Kill the process outright as soon as the job starts writing rows inside its transaction. The log,
  // not GET /api/imports/:id, tells when: embedded PGlite has one connection, which the import holds.
  const deadline = Date.now() + 600_000;
  while (!readFileSync(server.logFile, 'utf8').includes('"phase":"write"')) {
    assert.ok(Date.now() < deadline, 'the import never reached its write phase');
    assert.equal(server.process.exitCode, null, 'the server died on its own');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await stop(server, 'SIGKILL');
  const killed = await fingerprint();
  assert.deepEqual(killed, before, 'nothing of the half-done import is in the database');

  server = await startServer();
  const status = await fetch(`${server.url}/api/imports/${id}`, { headers: { ...headers, cookie: headers.cookie } });
  // The old session survives a restart; the run is still "running" until its lease lapses, with nothing written.
  if (status.status === 200) assert.notEqual(((await status.json()) as { state: string }).state, 'done');
  await stop(server, 'SIGTERM');
  assert.deepEqual(await fingerprint(), before, 'after the restart the database is still exactly as before');
  console.log(`# ${testDatabaseKind()}: killed mid-write; ${before.n} actions before, ${killed.n} after the kill, checksum ${before.sum === killed.sum ? 'identical' : 'DIFFERENT'}`);
});
