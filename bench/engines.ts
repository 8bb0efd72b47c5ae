import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { NO_JIT, type Database } from '../src/server/db/database.ts';
import { usePreparedStatements } from '../src/server/db/prepared.ts';
import { PgliteDialect } from '../src/server/db/pglite-dialect.ts';

/** One SQL statement as the app sent it, to be replayed through the bare driver as the floor. */
export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
  /** performance.now() at start and end, to replay concurrent statements concurrently. */
  startedAt: number;
  endedAt: number;
}

/**
 * The app's database handle plus what the benchmarks need beside it: the raw driver (the floor
 * every query is compared with), COPY, and a recorder of the statements a request runs.
 */
export interface BenchDatabase {
  database: Database;
  raw(sqlText: string, parameters?: readonly unknown[]): Promise<unknown>;
  /** Loads rows in PostgreSQL's text COPY format; returns when the rows are committed. */
  copy(table: string, columns: string[], chunks: Iterable<string>): Promise<number>;
  /** Records every statement run until `stop()` is called. */
  record(): { stop(): CapturedQuery[] };
}

// Same type parsers as src/server/db/database.ts, so the app behaves as in production.
const parsers = {
  1082: (value: string) => value,
  20: (value: string) => Number(value),
  1700: (value: string) => Number(value),
};

function recorder() {
  let sink: CapturedQuery[] | undefined;
  return {
    log(event: LogEvent) {
      if (!sink || event.level !== 'query') return;
      const endedAt = performance.now();
      sink.push({ sql: event.query.sql, parameters: event.query.parameters, startedAt: endedAt - event.queryDurationMillis, endedAt });
    },
    record() {
      const captured: CapturedQuery[] = [];
      sink = captured;
      return { stop: () => { sink = undefined; return captured; } };
    },
  };
}

export function openBenchPostgres(url: string, poolSize = 10): BenchDatabase {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      return parsers[oid as keyof typeof parsers] ?? pg.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
  // As the app's own pool does (src/server/db/database.ts): marked hot reads run as prepared statements.
  // The app's own connection settings, so that the floor and the app plan alike.
  const pool = usePreparedStatements(new pg.Pool({ connectionString: url, max: poolSize, types, options: NO_JIT }));
  pool.on('error', () => {});
  const rec = recorder();
  const db = new Kysely({ dialect: new PostgresDialect({ pool }), log: rec.log });
  return {
    database: {
      kind: 'postgresql',
      db,
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
      close: () => pool.end(),
    },
    raw: (text, parameters = []) => pool.query(text, parameters as unknown[]),
    async copy(table, columns, chunks) {
      const client = await pool.connect();
      let rows = 0;
      try {
        const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
        const done = new Promise<void>((resolve, reject) => {
          stream.on('finish', () => resolve());
          stream.on('error', reject);
        });
        for (const chunk of chunks) {
          rows += countLines(chunk);
          if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
        }
        stream.end();
        await done;
      } finally {
        client.release();
      }
      return rows;
    },
    record: rec.record,
  };
}

/** `loadDataDir`: a dump of an earlier generation (`database.dump()`), to measure it again without generating. */
export async function openBenchPglite(dataDir?: string, loadDataDir?: Blob): Promise<BenchDatabase & { pglite: PGlite }> {
  const pglite = await PGlite.create(dataDir ?? 'memory://', { extensions: { pg_trgm, unaccent }, parsers, ...(loadDataDir ? { loadDataDir } : {}) });
  const rec = recorder();
  // The app's own dialect (one message per statement, prepared hot reads), so the app is measured as it runs.
  const dialect = new PgliteDialect(pglite);
  const db = new Kysely({ dialect, log: rec.log });
  return {
    pglite,
    database: {
      kind: 'pglite',
      db,
      execScript: (script) => dialect.exclusive(() => pglite.transaction(async (tx) => { await tx.exec(script); })),
      async close() {
        if (!pglite.closed) await pglite.close();
      },
      dump: () => dialect.exclusive(() => pglite.dumpDataDir('none')),
    },
    raw: (text, parameters = []) => pglite.query(text, parameters as unknown[]),
    async copy(table, columns, chunks) {
      const parts: string[] = [];
      let rows = 0;
      for (const chunk of chunks) {
        parts.push(chunk);
        rows += countLines(chunk);
      }
      await pglite.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob(parts) });
      return rows;
    },
    record: rec.record,
  };
}

function countLines(chunk: string): number {
  let n = 0;
  for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) n++;
  return n;
}
