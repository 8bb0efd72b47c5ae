import { join } from 'node:path';
import { openPglite, openPostgres, type Database } from '../db/database.ts';
import { signInHttp } from './client.ts';
import { startChildServer, type ChildServer, type Store } from './child-server.ts';
import { checkConsistency } from './consistency.ts';
import { lostWrites, newLedger, runWriteTraffic, type Sessions } from './write-workload.ts';

export interface CrashTrial {
  trial: number;
  killedAfterMs: number;
  /** Writes acknowledged so far, over all trials. */
  acknowledged: number;
  cut: number;
  restartMs: number;
  foreignKeys: number;
  recordsChecked: number;
  problems: string[];
}

/** Opens the store directly (the server is dead), which on PGlite also runs its crash recovery. */
export async function openStore(store: Store): Promise<Database> {
  return store.kind === 'pglite' ? openPglite(join(store.dataDir, 'pglite')) : openPostgres(store.url, 2);
}

/**
 * Each trial: write traffic from `workers` clients, SIGKILL at a random moment, open the database
 * and check it (consistency plus every acknowledged write still there), restart the server and
 * wait until it is healthy. The ledger of acknowledged writes grows over all trials.
 */
export async function runCrashTrials(store: Store, options: { trials: number; workers?: number; minMs?: number; maxMs?: number; log?: (line: string) => void }): Promise<CrashTrial[]> {
  const { trials, workers = 4, minMs = 0, maxMs = 2000, log = () => {} } = options;
  let server: ChildServer | undefined = await startChildServer(store);
  const results: CrashTrial[] = [];
  try {
    const sessions: Sessions = {
      editor: await signInHttp(server.url, 'editor.quito@demo.glocal.ec'),
      admin: await signInHttp(server.url, 'admin.quito@demo.glocal.ec'),
      analyst: await signInHttp(server.url, 'analista.cancilleria@demo.glocal.ec'),
    };
    const ledger = newLedger();
    for (let trial = 1; trial <= trials; trial++) {
      const stop = { stopped: false };
      const started = performance.now();
      const before = ledger.acknowledged;
      const traffic = runWriteTraffic(server.url, sessions, ledger, workers, stop);
      // The kill lands mid-traffic: once the server is writing (two acknowledged writes, or 20 s), then after a random delay.
      while (ledger.acknowledged < before + 2 && performance.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, minMs + Math.random() * (maxMs - minMs)));
      const killedAfterMs = Math.round(performance.now() - started);
      await server.kill();
      stop.stopped = true;
      await traffic;
      server = undefined;

      const database = await openStore(store);
      let report;
      let lost;
      try {
        report = await checkConsistency(database.db);
        lost = await lostWrites(database.db, ledger);
      } finally {
        await database.close();
      }
      const restarted = performance.now();
      server = await startChildServer(store);
      const restartMs = Math.round(performance.now() - restarted);
      const problems = [...report.problems, ...lost, ...ledger.unexpected.splice(0)];
      const result = { trial, killedAfterMs, acknowledged: ledger.acknowledged, cut: ledger.cut, restartMs, foreignKeys: report.foreignKeys, recordsChecked: report.recordsChecked, problems };
      results.push(result);
      log(`trial ${trial}: killed after ${killedAfterMs} ms; ${ledger.acknowledged} writes acknowledged so far, ${ledger.cut} cut by crashes; ` +
        `${report.foreignKeys} foreign keys and ${report.recordsChecked} records checked; restart ${restartMs} ms; ` +
        `${problems.length === 0 ? 'consistent' : `PROBLEMS:\n  ${problems.join('\n  ')}`}`);
    }
  } finally {
    await server?.stop();
  }
  return results;
}
