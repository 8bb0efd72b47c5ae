import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/postgres-cluster.ts';

const MAIN = join(import.meta.dirname, '../src/server/main.ts');
const SEED_BUILDER = join(import.meta.dirname, '../src/server/db/pglite-seed.ts');

export interface ColdStart {
  /** Seconds from process spawn to the first 200 from /api/health on an empty data directory (migrate, reference and demo load). */
  firstStartSeconds: number;
  /** The same on the data directory the first start left behind. */
  restartSeconds: number;
  /** CPU seconds (user + system) the server process used until then: what the wall time would be on an idle core. */
  firstStartCpuSeconds: number;
  restartCpuSeconds: number;
  /**
   * The build step `./glocal start` runs before the server (db/pglite-seed.ts: PGlite's initdb, once per
   * installed PGlite version, into dist/): its seconds when this run had to build it, 0 when it was there.
   * Not part of the first start, as the web bundle's build is not; `seeded` false means no seed was used
   * (GLOCAL_PGLITE_SEED=0) and the first start ran initdb itself.
   */
  seedBuildSeconds: number;
  seeded: boolean;
  /** bench/boot-phases.ts on an empty directory, then on the same directory. */
  phases: { first: Phase[]; restart: Phase[] };
}

interface Phase {
  phase: string;
  wallSeconds: number;
  cpuSeconds: number;
}

function phasesOf(dataDir: string): Phase[] {
  const result = spawnSync(process.execPath, [join(import.meta.dirname, 'boot-phases.ts'), dataDir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`boot-phases failed: ${result.stderr}`);
  // The phases are the last JSON array printed; a warning the server logs to stdout may follow it.
  const line = result.stdout.trim().split('\n').findLast((l) => l.startsWith('['));
  if (!line) throw new Error(`boot-phases printed no phases: ${result.stdout.slice(-500)}`);
  return JSON.parse(line) as Phase[];
}

/** utime + stime of a process from /proc (Linux), in seconds. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startAndWait(dataDir: string, port: number): Promise<{ child: ChildProcess; seconds: number; cpu: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, DATABASE_URL: '', DATABASE_READ_URL: '', GLOCAL_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before answering`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.status === 200) return { child, seconds: (performance.now() - t0) / 1000, cpu: cpuSeconds(child.pid!) };
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 600_000) {
      child.kill('SIGTERM');
      throw new Error('no answer after 600 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The embedded default (PGlite on disk), as `./glocal start` runs it: a first start with demo data, then a restart. */
export async function measureColdStart(): Promise<ColdStart> {
  const seeded = process.env.GLOCAL_PGLITE_SEED !== '0';
  let seedBuildSeconds = 0;
  if (seeded) {
    const t0 = performance.now();
    const built = spawnSync(process.execPath, [SEED_BUILDER], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`building the PGlite seed failed: ${built.stderr}`);
    // The builder says so only when it had to run initdb; otherwise it found the seed and did nothing.
    if (built.stdout.includes('initdb')) seedBuildSeconds = (performance.now() - t0) / 1000;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'glocal-bench-cold-'));
  try {
    const port = await freePort();
    const first = await startAndWait(dataDir, port);
    await stop(first.child);
    const second = await startAndWait(dataDir, port);
    await stop(second.child);
    const phaseDir = join(dataDir, 'phases');
    const phases = { first: phasesOf(phaseDir), restart: phasesOf(phaseDir) };
    return { seeded, seedBuildSeconds, phases, firstStartSeconds: first.seconds, restartSeconds: second.seconds, firstStartCpuSeconds: first.cpu, restartCpuSeconds: second.cpu };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
