import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openPglite, openPostgres, type Database } from '../db/database.ts';
import { freshPostgresUrl, prepareFromScratch, testDatabaseKind } from '../testing/harness.ts';
import { makeAction } from '../testing/factories.ts';
import { rowCounts } from './backup.ts';
import { buildApp } from '../app.ts';
import { signIn } from '../testing/http.ts';
import { documentSettingsFromEnv } from '../storage/settings.ts';
import { docx, multipart, pdf, png } from '../features/documents/test-files.ts';

const root = join(import.meta.dirname, '../../..');
let work: string;
before(() => { work = mkdtempSync(join(tmpdir(), 'glocal-backup-test-')); });
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs the real command, as an operator would. */
function glocalOps(command: string, archive: string, env: Record<string, string>) {
  return execFileSync(process.execPath, [join(root, 'src/server/ops/cli.ts'), command, archive], {
    env: { ...process.env, ...env, DATABASE_URL: env.DATABASE_URL ?? '' }, encoding: 'utf8',
  });
}

/** Uploads real documents through the API, so they land where the document storage keeps them. */
async function uploadDocuments(database: Database, dataDir: string, actionId: string): Promise<Record<string, Buffer>> {
  const app = await buildApp({ database, logLevel: 'warn', loginPerMinute: 1000, documents: documentSettingsFromEnv({}, dataDir) });
  await app.ready();
  try {
    const session = await signIn(app, 'editor.quito@demo.glocal.ec');
    const uploads = [
      { filename: 'convenio firmado.pdf', data: await pdf(['Convenio de hermanamiento', `respaldo ${randomBytes(8).toString('hex')}`]) },
      { filename: 'acta.docx', data: docx(['Acta de la reunión', randomBytes(8).toString('hex')]) },
      { filename: 'foto.png', data: png(64) },
    ];
    for (const file of uploads) {
      const body = multipart(file);
      const response = await app.inject({ method: 'POST', url: `/api/actions/${actionId}/documents`, payload: body.payload, headers: { ...session.headers, ...body.headers } });
      assert.equal(response.statusCode, 201, response.body);
    }
  } finally {
    await app.close();
  }
  const stored: Record<string, Buffer> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else stored[relative(join(dataDir, 'documents'), path)] = readFileSync(path);
    }
  };
  walk(join(dataDir, 'documents'));
  assert.equal(Object.keys(stored).length, 3, 'three stored documents');
  return stored;
}

it('backs up the database and the documents, and restores them into a fresh data directory with equal row counts and identical bytes', async () => {
  const source = join(work, 'source');
  const target = join(work, 'target');
  const archive = join(work, 'backup.tar.gz');
  let before: Record<string, number>;
  let files: Record<string, Buffer>;
  let sourceEnv: Record<string, string> = { GLOCAL_DATA_DIR: source };
  let targetEnv: Record<string, string> = { GLOCAL_DATA_DIR: target };
  let openTarget: () => Promise<Database>;
  if (testDatabaseKind() === 'postgresql') {
    const sourceUrl = await freshPostgresUrl();
    const targetUrl = await freshPostgresUrl({ empty: true });
    const database = openPostgres(sourceUrl, 2);
    files = await uploadDocuments(database, source, await makeAction(database, { title: 'Convenio respaldado' }));
    before = await rowCounts(database);
    await database.close();
    sourceEnv = { ...sourceEnv, DATABASE_URL: sourceUrl };
    targetEnv = { ...targetEnv, DATABASE_URL: targetUrl };
    openTarget = async () => openPostgres(targetUrl, 1);
  } else {
    mkdirSync(source, { recursive: true });
    const database = await prepareFromScratch(await openPglite(join(source, 'pglite')));
    files = await uploadDocuments(database, source, await makeAction(database, { title: 'Convenio respaldado' }));
    before = await rowCounts(database);
    await database.close();
    openTarget = () => openPglite(join(target, 'pglite'));
  }
  const backedUp = glocalOps('backup', archive, sourceEnv);
  assert.match(backedUp, /Backed up \d+ rows in \d+ tables and 3 files/);
  const restored = glocalOps('restore', archive, targetEnv);
  assert.match(restored, /Restored and verified/);
  const database = await openTarget();
  assert.deepEqual(await rowCounts(database), before);
  await database.close();
  for (const [path, bytes] of Object.entries(files)) {
    assert.ok(readFileSync(join(target, 'documents', path)).equals(bytes), `${path} is byte-identical`);
  }
  assert.equal(before.document, 3);
  assert.ok(before.action! > 100 && before.audit_log! > 100);
});
