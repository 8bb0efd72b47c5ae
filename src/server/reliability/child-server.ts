import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../scripts/postgres-cluster.ts';

const root = join(import.meta.dirname, '../../..');

/**
 * Where the server keeps its state: a PGlite data directory, or a PostgreSQL database. Either way
 * `dataDir` is its GLOCAL_DATA_DIR, which holds the uploaded documents (local storage, never S3 here).
 */
export type Store = { kind: 'pglite'; dataDir: string } | { kind: 'postgresql'; url: string; dataDir: string };

export interface ChildServer {
  url: string;
  pid: number;
  logFile: string;
  /** Resident memory of the server process, in bytes (from /proc). */
  rss(): number;
  /** SIGKILL: no shutdown hook runs, as when the machine loses the process. */
  kill(): Promise<void>;
  /** SIGTERM and wait: the orderly stop. */
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

/**
 * Starts `node src/server/main.ts` as a real child process on a free localhost port and waits
 * until /api/health answers 200. Its log goes to the test log directory when there is one, so the
 * runner's secrets check reads it too.
 */
export async function startChildServer(store: Store, extraEnv: Record<string, string> = {}, timeoutMs = 900_000): Promise<ChildServer> {
  const port = await freePort();
  const logDir = process.env.GLOCAL_TEST_LOG_DIR ?? mkdtempSync(join(tmpdir(), 'glocal-child-log-'));
  const logFile = join(logDir, `child-${port}-${randomBytes(3).toString('hex')}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>), PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development', ...extraEnv,
  };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  delete env.S3_BUCKET;
  env.GLOCAL_DATA_DIR = store.dataDir;
  if (store.kind === 'pglite') {
    delete env.DATABASE_URL;
  } else {
    env.DATABASE_URL = store.url;
  }
  const child: ChildProcess = spawn(process.execPath, [join(root, 'src/server/main.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { log.end(); resolve(code); }));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => { gone = true; });
  for (;;) {
    if (gone) throw new Error(`the server exited during start; log ${logFile}:\n${tail(logFile)}`);
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become healthy in ${timeoutMs} ms; log ${logFile}:\n${tail(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const pid = child.pid!;
  return {
    url, pid, logFile, exited,
    rss() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) * 1024;
    },
    async kill() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
