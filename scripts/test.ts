/**
 * The whole test suite: type check, unit tests, then every database test on embedded PGlite
 * and again on a real PostgreSQL cluster that this script starts and removes. Ends with the
 * line "N passed, N failed".
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { findSecretsInLogs } from './log-secrets.ts';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openPglite, openPostgres } from '../src/server/db/database.ts';
import { prepareFromScratch, TEST_TEMPLATE_DB } from '../src/server/testing/harness.ts';
import { startCluster, type Cluster } from './postgres-cluster.ts';
import { sql } from 'kysely';

const root = join(import.meta.dirname, '..');
const filter = process.argv[2];
// For a quick check while developing, e.g. GLOCAL_TEST_ENGINES=pglite; the suite runs both.
const engines = (process.env.GLOCAL_TEST_ENGINES ?? 'pglite,postgresql').split(',');
let passed = 0;
let failed = 0;

function findTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

function runNodeTests(label: string, files: string[], env: Record<string, string>): Promise<void> {
  if (files.length === 0) return Promise.resolve();
  console.log(`\n## ${label}: ${files.length} files`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
      cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.on('close', (code) => {
      const count = (name: string) => Number(output.match(new RegExp(`^ℹ ${name} (\\d+)`, 'm'))?.[1] ?? 0);
      passed += count('pass');
      failed += count('fail') + count('cancelled');
      if (code !== 0 && count('fail') + count('cancelled') === 0) failed += 1;
      resolve();
    });
  });
}

/** After the whole run: no password, session id or token in any log line the servers wrote. */
function checkLogs() {
  const { files, lines, leaks } = findSecretsInLogs(logDir);
  console.log(`\n## Secrets in logs: searched ${lines} log lines in ${files} files`);
  if (lines === 0) {
    console.log('no server wrote a log line in this run; nothing to search');
  } else if (leaks.length === 0) {
    passed += 1;
    console.log('✔ no password, session id, CSRF token or API token appears in any log line');
  } else {
    failed += 1;
    console.log(`✖ secrets found in logs:\n${leaks.slice(0, 20).join('\n')}`);
  }
}

/** Browser tests drive Debian's Chromium; a bare machine gets it from apt. */
function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  console.log('# Chromium is not installed: installing Debian package chromium');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
}

/** Browser tests run against the built UI: rebuild it when any web source is newer than the build. */
function ensureWebBuild() {
  const built = join(root, 'dist/web/index.html');
  const newest = (path: string): number => statSync(path).isDirectory()
    ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
    : statSync(path).mtimeMs;
  const sources = Math.max(newest(join(root, 'src/web')), newest(join(root, 'index.html')), newest(join(root, 'vite.config.ts')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.log('# Building the web application for the browser tests');
  spawnSync(join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

/**
 * `npm audit --omit=dev`: no high or critical advisory in what production installs. It needs the
 * registry's advisory endpoint; when that cannot be reached the check is reported as not run and
 * counted neither way (a pass is only counted when the audit really ran).
 */
function npmAudit() {
  console.log('\n## Dependency audit (npm audit --omit=dev)');
  const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  let report: { metadata?: { vulnerabilities?: Record<string, number> }; message?: string; error?: { summary?: string } } = {};
  try {
    report = JSON.parse(result.stdout || '{}');
  } catch { /* not JSON: npm could not run the audit */ }
  const counts = report.metadata?.vulnerabilities;
  if (!counts) {
    const reason = report.message ?? report.error?.summary ?? result.error?.message ?? (result.stderr || 'no answer').trim().split('\n')[0];
    console.log(`⚠ npm audit did NOT run (the advisory service is unreachable: ${reason}); not counted as passed or failed`);
    return;
  }
  const summary = Object.entries(counts).map(([level, n]) => `${n} ${level}`).join(', ');
  if ((counts.high ?? 0) + (counts.critical ?? 0) === 0) {
    passed += 1;
    console.log(`✔ npm audit --omit=dev: no high or critical advisory (${summary})`);
  } else {
    failed += 1;
    console.log(`✖ npm audit --omit=dev: ${summary}; run \`npm audit --omit=dev\` for details`);
  }
}

function typecheck() {
  console.log('## Type check (tsc --noEmit, strict)');
  const result = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd: root, stdio: 'inherit' });
  if (result.status === 0) {
    passed += 1;
    console.log('✔ the code type-checks under strict TypeScript');
  } else {
    failed += 1;
    console.log('✖ type errors');
  }
}

async function pgliteTemplate(dir: string): Promise<string> {
  const database = await prepareFromScratch(await openPglite(undefined));
  const file = join(dir, 'pglite-template.tar');
  writeFileSync(file, Buffer.from(await (await database.dump!()).arrayBuffer()));
  await database.close();
  return file;
}

async function postgresTemplate(cluster: Cluster): Promise<void> {
  const admin = openPostgres(cluster.url('postgres'), 1);
  await sql`CREATE DATABASE ${sql.id(TEST_TEMPLATE_DB)}`.execute(admin.db);
  await admin.close();
  const template = openPostgres(cluster.url(TEST_TEMPLATE_DB), 2);
  await prepareFromScratch(template);
  await template.close();
}

const all = findTests(join(root, 'src')).concat(findTests(join(root, 'scripts'))).filter((f) => !filter || f.includes(filter));
const unitTests = all.filter((f) => !f.endsWith('.db.test.ts') && !f.endsWith('.e2e.test.ts'));
const dbTests = all.filter((f) => f.endsWith('.db.test.ts'));
const browserTests = all.filter((f) => f.endsWith('.e2e.test.ts'));
const work = mkdtempSync(join(tmpdir(), 'glocal-test-'));
const logDir = join(work, 'logs');
mkdirSync(logDir);
process.env.GLOCAL_TEST_LOG_DIR = logDir;
let cluster: Cluster | undefined;
try {
  if (!filter) typecheck();
  if (!filter || filter === 'npm-audit') npmAudit();
  await runNodeTests('Unit tests', unitTests, {});
  const pgliteFile = await pgliteTemplate(work);
  if (engines.includes('pglite')) await runNodeTests('Database tests on PGlite', dbTests, { GLOCAL_TEST_DB: 'pglite', GLOCAL_TEST_PGLITE_TEMPLATE: pgliteFile });
  if (dbTests.length > 0 && engines.includes('postgresql')) {
    cluster = await startCluster();
    await postgresTemplate(cluster);
    await runNodeTests('Database tests on PostgreSQL', dbTests, {
      GLOCAL_TEST_DB: 'postgresql', GLOCAL_TEST_PG_ADMIN_URL: cluster.url('postgres'),
    });
  }
  if (browserTests.length > 0) {
    ensureChromium();
    ensureWebBuild();
  }
  await runNodeTests('Browser tests', browserTests, { GLOCAL_TEST_DB: 'pglite', GLOCAL_TEST_PGLITE_TEMPLATE: pgliteFile });
  checkLogs();
} catch (error) {
  console.error('The test run could not complete:', error);
  failed += 1;
} finally {
  cluster?.stop();
  rmSync(work, { recursive: true, force: true });
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
