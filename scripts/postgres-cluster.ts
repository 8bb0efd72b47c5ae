import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Finds the PostgreSQL server binaries, installing Debian's package when they are absent. */
export function postgresBinDir(): string {
  const find = () => {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return undefined;
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    return versions[0] ? join(root, versions[0], 'bin') : undefined;
  };
  const found = find();
  if (found) return found;
  console.log('# PostgreSQL is not installed: installing Debian package postgresql');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql', 'postgresql-contrib'], {
    stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = find();
  if (!installed) throw new Error('PostgreSQL binaries not found after install');
  return installed;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Cluster {
  url(database: string): string;
  port: number;
  dir: string;
  /** The data directory, for tools such as pg_basebackup. */
  dataDir: string;
  /** Stops the server but keeps its data, as an outage would. */
  halt(): void;
  /** Starts a halted server again on the same port. */
  resume(): void;
  stop(): void;
  /** Runs one of the PostgreSQL binaries as the postgres user. */
  run(command: string, args: string[]): void;
}

/**
 * A throwaway cluster owned by the `postgres` user: PostgreSQL refuses to run as root,
 * and these machines run everything as root.
 */
export async function startCluster(options: { extraConfig?: string[] } = {}): Promise<Cluster> {
  const bin = postgresBinDir();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'glocal-pg-'));
  chmodSync(dir, 0o777);
  const asPostgres = (cmd: string, args: string[]) => {
    const isRoot = process.getuid?.() === 0;
    const result = isRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { encoding: 'utf8' })
      : spawnSync(join(bin, cmd), args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr}${result.stdout}`);
  };
  const data = join(dir, 'data');
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  const settings = ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off',
    '-c', 'max_connections=300', '-c', 'shared_buffers=256MB', ...(options.extraConfig ?? [])];
  const start = () => asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', `-p ${port} ${settings.map((s) => (s === '-c' ? s : `'${s}'`)).join(' ')}`, 'start']);
  start();
  return {
    port,
    dir,
    dataDir: data,
    halt: () => asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    resume: start,
    run: asPostgres,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop() {
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A streaming replica of `primary`, made with pg_basebackup -R, on its own port. */
export async function startReplica(primary: Cluster): Promise<Cluster> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'glocal-replica-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  primary.run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '--checkpoint=fast']);
  // A standby must allow at least as many connections as its primary.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c hot_standby=on -c max_connections=300`;
  const start = () => primary.run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', options, 'start']);
  start();
  return {
    port,
    dir,
    dataDir: data,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    halt: () => primary.run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    resume: start,
    run: primary.run,
    stop() {
      try {
        primary.run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
