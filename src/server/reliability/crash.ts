import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { openPglite, openPostgres, type Database } from '../db/database.ts';
import { signInHttp } from './client.ts';
import { startChildServer, type ChildServer, type Store } from './child-server.ts';
import { checkConsistency } from './consistency.ts';
import { lostWrites, newLedger, runWriteTraffic, type Sessions, type Traffic } from './write-workload.ts';

export interface CrashTrial {
  trial: number;
  killedAfterMs: number;
  /** The trial waited for an import to start writing, or to be acknowledged, and none did within 30 s. */
  aimMissed: boolean;
  /** Imports the clients were waiting for at the kill, by the state they last saw (queued, running). */
  importsAtKill: Record<string, number>;
  /** Writes acknowledged so far, over all trials. */
  acknowledged: number;
  cut: number;
  /** Uploads and imports acknowledged so far, and cut by the crashes so far. */
  uploads: number;
  imports: number;
  cutUploads: number;
  cutImports: number;
  restartMs: number;
  foreignKeys: number;
  recordsChecked: number;
  importsChecked: number;
  /** Import jobs found killed mid-run so far (their run 'running' with the server dead). */
  importsKilledRunning: number;
  filesChecked: number;
  /** Files this crash left for the orphan sweep (spool files, stored files without a row); the restart removed them. */
  swept: number;
  problems: string[];
}

/** The orphan sweep takes files older than this; the crash trials wait that long before a restart. */
const ORPHAN_GRACE_SECONDS = 1;
/** Info level: the server logs each import job entering its write phase. */
const childEnv = { GLOCAL_ORPHAN_GRACE_SECONDS: String(ORPHAN_GRACE_SECONDS), LOG_LEVEL: 'info' };
/** In the trials aimed at an import, the kill follows its write phase's log line within this. */
const IMPORT_KILL_MS = 50;

/** How many import jobs the server has logged entering their write phase (inside their transaction); reads only what is new. */
function importWriteCounter(logFile: string): () => number {
  let offset = 0;
  let partial = '';
  let writes = 0;
  return () => {
    if (!existsSync(logFile)) return writes;
    const fd = openSync(logFile, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > offset) {
        const chunk = Buffer.alloc(size - offset);
        readSync(fd, chunk, 0, chunk.length, offset);
        offset = size;
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop()!;
        writes += lines.filter((line) => line.includes('"phase":"write"')).length;
      }
    } finally {
      closeSync(fd);
    }
    return writes;
  };
}

/** After a restart, the orphan sweep that runs as the server starts removes what the crash left. */
async function notSwept(paths: string[], timeoutMs = 120_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let left = paths.filter((path) => existsSync(path));
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    left = left.filter((path) => existsSync(path));
  }
  return left.map((path) => `orphan file ${path} is still there ${timeoutMs} ms after the restart`);
}

/** Opens the store directly (the server is dead), which on PGlite also runs its crash recovery. */
export async function openStore(store: Store): Promise<Database> {
  return store.kind === 'pglite' ? openPglite(join(store.dataDir, 'pglite')) : openPostgres(store.url, 2);
}

/**
 * Each trial: write traffic from `workers` clients, SIGKILL at a random moment (in one trial in
 * three, just after an import job starts writing; in another, after an import was seen done),
 * open the database
 * and check it (consistency plus every acknowledged write still there, stored files against
 * document rows), restart the server, wait until it is healthy and until its orphan sweep has
 * removed what the crash left. The ledger of acknowledged writes grows over all trials.
 */
export async function runCrashTrials(store: Store, options: { trials: number; workers?: number; minMs?: number; maxMs?: number; log?: (line: string) => void }): Promise<CrashTrial[]> {
  const { trials, workers = 4, minMs = 0, maxMs = 2000, log = () => {} } = options;
  let server: ChildServer | undefined = await startChildServer(store, childEnv);
  const results: CrashTrial[] = [];
  try {
    const sessions: Sessions = {
      editor: await signInHttp(server.url, 'editor.quito@demo.glocal.ec'),
      admin: await signInHttp(server.url, 'admin.quito@demo.glocal.ec'),
      analyst: await signInHttp(server.url, 'analista.cancilleria@demo.glocal.ec'),
    };
    const ledger = newLedger();
    const killedRunning = new Set<string>();
    for (let trial = 1; trial <= trials; trial++) {
      const traffic: Traffic = { stopped: false, imports: new Map() };
      const started = performance.now();
      const importWrites = importWriteCounter(server.logFile);
      const writesBefore = importWrites();
      const before = ledger.acknowledged;
      const cutUploadsBefore = ledger.cutUploads;
      const writing = runWriteTraffic(server.url, sessions, ledger, workers, traffic, trial);
      // The kill lands mid-traffic: once the server is writing (two acknowledged writes, or 20 s), then after a random delay.
      const waitFor = async (ready: () => boolean, ms: number) => {
        while (!ready() && performance.now() - started < ms) await new Promise((resolve) => setTimeout(resolve, 20));
      };
      const importsBefore = ledger.imports.size;
      await waitFor(() => ledger.acknowledged >= before + 2, 20_000);
      // One trial in three aims at an import: it waits until an import job starts writing (or 30 s) and kills
      // within IMPORT_KILL_MS of that, so that some kills land inside the import's transaction. One in three
      // waits until an import was acknowledged (or 30 s), so that acknowledged imports are there to lose.
      const aim = trial % 3 === 0 ? 'write' : trial % 3 === 2 ? 'done' : undefined;
      const aimed = aim === 'write' ? () => importWrites() > writesBefore : () => ledger.imports.size > importsBefore;
      if (aim) await waitFor(aimed, 30_000);
      const aimMissed = aim !== undefined && !aimed();
      await new Promise((resolve) => setTimeout(resolve, aim === 'write' ? Math.random() * IMPORT_KILL_MS : minMs + Math.random() * (maxMs - minMs)));
      const killedAfterMs = Math.round(performance.now() - started);
      const importsAtKill: Record<string, number> = {};
      for (const state of traffic.imports.values()) importsAtKill[state] = (importsAtKill[state] ?? 0) + 1;
      await server.kill();
      const killedAt = Date.now();
      traffic.stopped = true;
      await writing;
      server = undefined;

      const database = await openStore(store);
      let report;
      let lost;
      try {
        report = await checkConsistency(database.db, store);
        lost = await lostWrites(database.db, ledger, store.dataDir);
      } finally {
        await database.close();
      }
      for (const id of report.importsRunning) killedRunning.add(id);
      // Each upload in flight can leave one file (spooled, or stored before its row committed), no more.
      const cutUploads = ledger.cutUploads - cutUploadsBefore;
      const tooMany = report.leftForSweep.length > cutUploads
        ? [`the crash left ${report.leftForSweep.length} files without a document row, but only ${cutUploads} uploads were in flight: ${report.leftForSweep.join(', ')}`] : [];
      // The sweep at start only takes files older than its grace period.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + ORPHAN_GRACE_SECONDS * 1000 + 500 - Date.now())));
      const restarted = performance.now();
      server = await startChildServer(store, childEnv);
      const restartMs = Math.round(performance.now() - restarted);
      const unswept = await notSwept(report.leftForSweep);
      const problems = [...report.problems, ...lost, ...tooMany, ...unswept, ...ledger.unexpected.splice(0)];
      const result = {
        trial, killedAfterMs, aimMissed, importsAtKill, acknowledged: ledger.acknowledged, cut: ledger.cut, uploads: ledger.documents.size, imports: ledger.imports.size,
        cutUploads: ledger.cutUploads, cutImports: ledger.cutImports, restartMs, foreignKeys: report.foreignKeys, recordsChecked: report.recordsChecked,
        importsChecked: report.importsChecked, importsKilledRunning: killedRunning.size, filesChecked: report.filesChecked, swept: report.leftForSweep.length, problems,
      };
      results.push(result);
      const atKill = Object.entries(importsAtKill).map(([state, count]) => `${count} ${state}`).join(', ') || 'none';
      log(`trial ${trial}: killed after ${killedAfterMs} ms${aim === 'write' ? ', aimed at an import write' : aim === 'done' ? ', after an import was acknowledged' : ''}${aimMissed ? ' (none within 30 s)' : ''} (imports in flight: ${atKill}); ${ledger.acknowledged} writes acknowledged so far (${result.uploads} uploads, ${result.imports} imports), ` +
        `${ledger.cut} cut by crashes (${result.cutUploads} uploads, ${result.cutImports} imports); ` +
        `${report.foreignKeys} foreign keys, ${report.recordsChecked} records, ${report.importsChecked} import runs (${killedRunning.size} killed mid-run so far) and ${report.filesChecked} stored files checked; ` +
        `${result.swept} files left for the sweep, removed at restart; restart ${restartMs} ms; ` +
        `${problems.length === 0 ? 'consistent' : `PROBLEMS:\n  ${problems.join('\n  ')}`}`);
    }
  } finally {
    await server?.stop();
  }
  return results;
}
