import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, type LogConfig } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import pg from 'pg';
import { availablePgliteSeed, copyPgliteSeed } from './pglite-seed.ts';
import { usePreparedStatements } from './prepared.ts';
import { PgliteDialect } from './pglite-dialect.ts';

export type DatabaseKind = 'pglite' | 'postgresql';

// Queries are written as SQL with `sql` templates, so the builder's table typing buys little here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = Kysely<any>;

export interface Database {
  kind: DatabaseKind;
  db: Db;
  /** A streaming replica for reads, when DATABASE_READ_URL is set; writes always go to `db`. */
  readDb?: Db;
  /** Runs a multi-statement script (migrations) in one transaction. */
  execScript(script: string): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball. */
  dump?: () => Promise<Blob | File>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Dates stay 'YYYY-MM-DD' strings: a JS Date would shift them across time zones.
// Counts and minor-unit amounts fit in a double far beyond any real figure.
const parsers = {
  [DATE_OID]: (value: string) => value,
  [INT8_OID]: (value: string) => Number(value),
  [NUMERIC_OID]: (value: string) => Number(value),
};

/** Kysely's query log, for the benchmarks' statement recorder; the app runs without one. */
interface OpenOptions { log?: LogConfig }

/** `loadDataDir` starts from a dump (PGlite's dumpDataDir), which is how tests get a ready database fast. */
export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob, options: OpenOptions = {}): Promise<Database & { pglite: PGlite }> {
  const pglite = await PGlite.create(dataDir ?? 'memory://', {
    extensions: { pg_trgm, unaccent },
    parsers,
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  const dialect = new PgliteDialect(pglite);
  return {
    kind: 'pglite',
    pglite,
    db: new Kysely({ dialect, ...options }),
    execScript: (script) => dialect.exclusive(() => pglite.transaction(async (tx) => { await tx.exec(script); })),
    async close() {
      if (!pglite.closed) await pglite.close();
    },
    dump: () => dialect.exclusive(() => pglite.dumpDataDir('none')),
  };
}

export function openPostgres(connectionString: string, poolSize = 10, readConnectionString?: string, options: OpenOptions = {}): Database & { pool: pg.Pool } {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      const custom = parsers[oid as keyof typeof parsers];
      return custom ?? pg.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
  const pool = resilientPool(connectionString, poolSize, types);
  const readPool = readConnectionString ? resilientPool(readConnectionString, poolSize, types) : undefined;
  return {
    kind: 'postgresql',
    pool,
    db: new Kysely({ dialect: new PostgresDialect({ pool }), ...options }),
    ...(readPool ? { readDb: new Kysely({ dialect: new PostgresDialect({ pool: readPool }) }) } : {}),
    async execScript(script) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(script);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await Promise.all([pool.end(), readPool?.end()]);
    },
  };
}

const NO_JIT = '-c jit=off';

function resilientPool(connectionString: string, max: number, types: pg.CustomTypesConfig): pg.Pool {
  // JIT compiling pays off for long analytical scans, not for short requests: at national scale it added ~0.2 s of
  // compilation to dashboard queries that run in tens of milliseconds.
  const pool = usePreparedStatements(new pg.Pool({ connectionString, max, types, options: NO_JIT }));
  // A client that loses its server must not crash the process: the query in flight gets the
  // error (and the caller a 503), and the pool opens a new connection for the next one.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/**
 * The embedded default on disk. An empty directory starts as a copy of the prebuilt initdb seed
 * (db/pglite-seed.ts) when there is one; if that cluster does not open, the directory is emptied
 * again and PGlite runs its own initdb, as it always did without a seed.
 */
export async function openPgliteOnDisk(dataDir: string, seedDir = availablePgliteSeed()): Promise<Database> {
  mkdirSync(dirname(dataDir), { recursive: true });
  const empty = !existsSync(dataDir) || readdirSync(dataDir).length === 0;
  if (empty && seedDir) {
    try {
      copyPgliteSeed(seedDir, dataDir);
      return await openPglite(dataDir);
    } catch (error) {
      console.warn(`The PGlite seed could not be used (${(error as Error).message}); running initdb instead`);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return openPglite(dataDir);
}

export async function openDatabase(env: { DATABASE_URL?: string; DATABASE_READ_URL?: string; dataDir?: string }): Promise<Database> {
  if (env.DATABASE_URL) return openPostgres(env.DATABASE_URL, 10, env.DATABASE_READ_URL);
  if (!env.dataDir) return openPglite(undefined);
  return openPgliteOnDisk(env.dataDir);
}
