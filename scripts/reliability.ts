/**
 * `./glocal reliability`: the long runs of issue 13 against a real server process on localhost,
 * with their figures printed. Flags (all optional):
 *   --db pglite|postgresql   store to run against (default pglite; postgresql starts a throwaway cluster)
 *   --trials N               crash trials, each a SIGKILL during write traffic (default 20)
 *   --editors N              concurrent editors (default 50)
 *   --editors-seconds S      how long they edit (default 60)
 *   --soak-minutes M         soak duration (default 10)
 *   --rate R                 soak requests per second (default 20)
 *   --only crash,editors,soak
 * Exits 1 when any figure misses its bound (a problem in a crash trial, an error or lost update
 * among the editors, an error or >20% memory growth in the soak).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openPostgres } from '../src/server/db/database.ts';
import { startChildServer, type Store } from '../src/server/reliability/child-server.ts';
import { signInHttp } from '../src/server/reliability/client.ts';
import { lostUpdates, makeTargets, runEditors } from '../src/server/reliability/concurrency.ts';
import { openStore, runCrashTrials } from '../src/server/reliability/crash.ts';
import { runSoak } from '../src/server/reliability/soak.ts';
import { startCluster, type Cluster } from './postgres-cluster.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    trials: { type: 'string', default: '20' },
    editors: { type: 'string', default: '50' },
    'editors-seconds': { type: 'string', default: '60' },
    'soak-minutes': { type: 'string', default: '10' },
    rate: { type: 'string', default: '20' },
    only: { type: 'string', default: 'crash,editors,soak' },
  },
});
const only = new Set(values.only.split(','));
const say = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
const figures: string[] = [];
let failed = false;
const verdict = (ok: boolean, line: string) => {
  failed ||= !ok;
  figures.push(`${ok ? '✔' : '✖'} ${line}`);
  say(`${ok ? '✔' : '✖'} ${line}`);
};

let cluster: Cluster | undefined;
let dir: string | undefined;
async function newStore(name: string): Promise<Store> {
  dir ??= mkdtempSync(join(tmpdir(), 'glocal-reliability-'));
  if (values.db === 'postgresql') {
    cluster ??= await startCluster();
    const admin = openPostgres(cluster.url('postgres'), 1);
    await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
    await admin.close();
    return { kind: 'postgresql', url: cluster.url(name), dataDir: join(dir, name) };
  }
  return { kind: 'pglite', dataDir: join(dir, name) };
}

try {
  say(`reliability run on ${values.db}; the server is started as a child process (node src/server/main.ts) on localhost`);
  if (only.has('crash')) {
    const trials = Number(values.trials);
    say(`crash safety: ${trials} trials`);
    const results = await runCrashTrials(await newStore('crash'), { trials, log: say });
    const problems = results.flatMap((r) => r.problems);
    const last = results.at(-1)!;
    const restarts = results.map((r) => r.restartMs).sort((a, b) => a - b);
    verdict(problems.length === 0 && results.length === trials,
      `crash: ${results.length} SIGKILLs during writes, uploads and imports; ${last.acknowledged} acknowledged writes all kept ` +
      `(${last.uploads} uploads, ${last.imports} imports), ${last.cut} requests cut (${last.cutUploads} uploads, ${last.cutImports} imports); ` +
      `${last.foreignKeys} foreign keys, ${last.recordsChecked} records (version = audit entries), ${last.importsChecked} import runs ` +
      `(${last.importsKilledRunning} killed mid-run) and ${last.filesChecked} stored files checked after each; ` +
      `${results.reduce((sum, r) => sum + r.swept, 0)} files left by crashes, all removed by the restart's orphan sweep; ` +
      `${results.filter((r) => r.aimMissed).length} trials found no import to aim at within 30 s; ${problems.length} problems; ` +
      `restart median ${restarts[Math.floor(restarts.length / 2)]} ms`);
  }
  if (only.has('editors') || only.has('soak')) {
    const store = await newStore('load');
    let server = await startChildServer(store);
    try {
      const sessions = [await signInHttp(server.url, 'editor.quito@demo.glocal.ec'), await signInHttp(server.url, 'admin.quito@demo.glocal.ec')];
      if (only.has('editors')) {
        const editors = Number(values.editors);
        const seconds = Number(values['editors-seconds']);
        say(`concurrency: ${editors} editors for ${seconds} s on 6 shared records`);
        const targets = await makeTargets(server.url, sessions[0]!);
        const run = await runEditors(server.url, sessions, targets, editors, seconds * 1000);
        await server.stop();
        const database = await openStore(store);
        const lost = await lostUpdates(database.db, targets, run.accepted).finally(() => database.close());
        lost.forEach((line) => say(`  ${line}`));
        run.errors.slice(0, 10).forEach((line) => say(`  ${line}`));
        verdict(run.errors.length === 0 && lost.length === 0,
          `editors: ${editors} for ${seconds} s: ${run.attempts} edits, ${run.accepted.length} accepted, ${run.conflicts} refused as stale (409), ` +
          `${run.errors.length} errors, ${lost.length} lost updates or audit mismatches, p95 ${run.p95Ms} ms`);
        server = await startChildServer(store);
      }
      if (only.has('soak')) {
        const minutes = Number(values['soak-minutes']);
        const rate = Number(values.rate);
        say(`soak: ${minutes} min at ${rate} requests/s`);
        const soak = await runSoak(server, sessions[0]!, { durationMs: minutes * 60_000, ratePerSecond: rate, log: say });
        soak.errors.slice(0, 10).forEach((line) => say(`  ${line}`));
        verdict(soak.errors.length === 0 && soak.growth <= 0.2,
          `soak: ${minutes} min at ${rate}/s: ${soak.requests} requests (${soak.reads} reads, ${soak.writes} writes), ${soak.errors.length} errors, ` +
          `p50 ${soak.p50Ms} ms, p95 ${soak.p95Ms} ms, RSS ${(soak.rssStart / 2 ** 20).toFixed(0)} MiB after warm-up → ${(soak.rssEnd / 2 ** 20).toFixed(0)} MiB at end (${(soak.growth * 100).toFixed(1)}%)`);
      }
    } finally {
      await server.stop();
    }
  }
} catch (error) {
  failed = true;
  console.error('the reliability run could not complete:', error);
} finally {
  cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
console.log(`\n## Reliability figures (${values.db})\n${figures.join('\n')}`);
process.exit(failed ? 1 : 0);
