import type { LogEvent } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import { from as copyFrom } from 'pg-copy-streams';
import { openPglite, openPostgres, type Database } from '../src/server/db/database.ts';

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

/** The app's own pool and settings (type parsers, prepared hot reads, JIT off), so the floor and the app plan alike. */
export function openBenchPostgres(url: string, poolSize = 10): BenchDatabase {
  const rec = recorder();
  const database = openPostgres(url, poolSize, undefined, { log: rec.log });
  const { pool } = database;
  return {
    database,
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

/**
 * The app's own handle (its dialect: one message per statement, prepared hot reads), so the app is measured as it runs.
 * `loadDataDir`: a dump of an earlier generation (`database.dump()`), to measure it again without generating.
 */
export async function openBenchPglite(dataDir?: string, loadDataDir?: Blob): Promise<BenchDatabase & { pglite: PGlite }> {
  const rec = recorder();
  const database = await openPglite(dataDir, loadDataDir, { log: rec.log });
  const { pglite } = database;
  return {
    pglite,
    database,
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
