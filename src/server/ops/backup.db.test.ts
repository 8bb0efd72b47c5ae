import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite, openPostgres, type Database } from '../db/database.ts';
import { freshPostgresUrl, prepareFromScratch, testDatabaseKind } from '../testing/harness.ts';
import { makeAction } from '../testing/factories.ts';
import { rowCounts } from './backup.ts';

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

function storeFiles(dataDir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < 5; i++) {
    const bytes = randomBytes(50_000 + i);
    const path = join('ab', `document-${i}.bin`);
    mkdirSync(join(dataDir, 'files', 'ab'), { recursive: true });
    writeFileSync(join(dataDir, 'files', path), bytes);
    files[path] = bytes;
  }
  return files;
}

it('backs up the database and the documents, and restores them into a fresh data directory with equal row counts and identical bytes', async () => {
  const source = join(work, 'source');
  const target = join(work, 'target');
  const archive = join(work, 'backup.tar.gz');
  let before: Record<string, number>;
  let sourceEnv: Record<string, string> = { GLOCAL_DATA_DIR: source };
  let targetEnv: Record<string, string> = { GLOCAL_DATA_DIR: target };
  let openTarget: () => Promise<Database>;
  if (testDatabaseKind() === 'postgresql') {
    const sourceUrl = await freshPostgresUrl();
    const targetUrl = await freshPostgresUrl({ empty: true });
    const database = openPostgres(sourceUrl, 1);
    await makeAction(database, { title: 'Convenio respaldado' });
    before = await rowCounts(database);
    await database.close();
    sourceEnv = { ...sourceEnv, DATABASE_URL: sourceUrl };
    targetEnv = { ...targetEnv, DATABASE_URL: targetUrl };
    openTarget = async () => openPostgres(targetUrl, 1);
  } else {
    mkdirSync(source, { recursive: true });
    const database = await prepareFromScratch(await openPglite(join(source, 'pglite')));
    await makeAction(database, { title: 'Convenio respaldado' });
    before = await rowCounts(database);
    await database.close();
    openTarget = () => openPglite(join(target, 'pglite'));
  }
  const files = storeFiles(source);
  const backedUp = glocalOps('backup', archive, sourceEnv);
  assert.match(backedUp, /Backed up \d+ rows in \d+ tables and 5 files/);
  const restored = glocalOps('restore', archive, targetEnv);
  assert.match(restored, /Restored and verified/);
  const database = await openTarget();
  assert.deepEqual(await rowCounts(database), before);
  await database.close();
  for (const [path, bytes] of Object.entries(files)) {
    assert.ok(readFileSync(join(target, 'files', path)).equals(bytes), `${path} is byte-identical`);
  }
  assert.ok(before.action! > 100 && before.audit_log! > 100);
});
