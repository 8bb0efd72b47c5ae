import {
  CompiledQuery, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler,
  type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult, type TransactionSettings,
} from 'kysely';
import { Mutex, parse, protocol, type PGlite } from '@electric-sql/pglite';
import { createRequire } from 'node:module';
import { isPrepared, preparedName } from './prepared.ts';

type Results = { rows: Record<string, unknown>[]; affectedRows?: number; command?: string };
const { serialize } = protocol as unknown as {
  serialize: {
    parse(m: { name?: string; text: string }): Uint8Array;
    bind(m: { statement?: string; values: unknown[] }): Uint8Array;
    describe(m: { type: 'P' | 'S' }): Uint8Array;
    execute(m: object): Uint8Array;
    close(m: { type: 'S'; name: string }): Uint8Array;
    sync(): Uint8Array;
  };
};
const { parseResults } = parse as unknown as { parseResults(messages: unknown[], parsers: PGlite['parsers']): Results[] };
// node-postgres's own conversion (dates, arrays, JSON, buffers), so a value reaches both engines alike.
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as { prepareValue(value: unknown): unknown };

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) { out.set(part, at); at += part.length; }
  return out;
}

/** Parse (unless the named statement is kept), bind, describe, execute and sync: one call into the engine. */
function message(query: CompiledQuery, statement: string, parsing: boolean): Uint8Array {
  const values = query.parameters.map((value) => prepareValue(value));
  return concat([
    ...(parsing ? [serialize.parse({ name: statement, text: query.sql })] : []),
    serialize.bind({ statement, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync(),
  ]);
}

/**
 * The embedded database's connection. PGlite's own `query` spends six calls into the engine on each
 * statement (parse, describe the parameters, bind, describe the portal, execute, sync) so that it can
 * serialise parameters by their declared types; here the statement goes in one message, with the
 * parameters as node-postgres sends them to the server (text, types inferred by PostgreSQL), so both
 * engines see the same values. Statements marked `prepared` are parsed once and kept by name, as on
 * the server's pooled connections. That makes a short read 2–4× cheaper, which is most of what the
 * embedded default spends per request.
 */
class PgliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;
  readonly #named = new Set<string>();
  inTransaction = false;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // A closed PGlite fails deep in its engine with a TypeError; say what happened instead.
    if (this.#pglite.closed) throw new Error('The embedded database is closed');
    const statement = isPrepared(query.sql) ? preparedName(query.sql) : '';
    const parsing = !statement || !this.#named.has(statement);
    let messages: unknown[];
    try {
      ({ messages } = await this.#pglite.execProtocol(message(query, statement, parsing), { syncToFs: !this.inTransaction }));
    } catch (error) {
      // The parse may have succeeded before the bind failed (a bad value): drop it, so the next call parses it again.
      if (statement && parsing) await this.#forget(statement);
      throw error;
    }
    if (statement) this.#named.add(statement);
    const results = parseResults(messages, this.#pglite.parsers);
    const last = results[results.length - 1] ?? { rows: [] };
    const affected = last.affectedRows;
    return {
      rows: (last.rows ?? []) as R[],
      ...(affected !== undefined && last.command && last.command !== 'SELECT' ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  async #forget(statement: string) {
    this.#named.delete(statement);
    await this.#pglite.execProtocol(concat([serialize.close({ type: 'S', name: statement }), serialize.sync()]), { throwOnError: false, syncToFs: false });
  }

  // eslint-disable-next-line require-yield
  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('Streaming is not supported on the embedded database');
  }
}

/**
 * PGlite has one session, so the connection is lent to one user at a time: a transaction holds it
 * from BEGIN to COMMIT, and another request's statements wait instead of running inside it. The same
 * lock covers what goes to PGlite directly (`PgliteDialect.exclusive`), which PGlite's own locks no
 * longer see, since statements here bypass its `query`.
 */
class PgliteDriver implements Driver {
  readonly #pglite: PGlite;
  readonly #connection: PgliteConnection;
  readonly #lock: Mutex;
  #release: (() => void) | undefined;

  constructor(pglite: PGlite, lock: Mutex) {
    this.#pglite = pglite;
    this.#lock = lock;
    this.#connection = new PgliteConnection(pglite);
  }

  async init(): Promise<void> {
    await this.#pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#lock.acquire();
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const mode = [settings.isolationLevel && `ISOLATION LEVEL ${settings.isolationLevel.toUpperCase()}`, settings.accessMode?.toUpperCase()].filter(Boolean).join(' ');
    await connection.executeQuery(CompiledQuery.raw(mode ? `BEGIN ${mode}` : 'BEGIN'));
    this.#connection.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection, 'COMMIT');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#end(connection, 'ROLLBACK');
  }

  async #end(connection: DatabaseConnection, command: string) {
    this.#connection.inTransaction = false;
    await connection.executeQuery(CompiledQuery.raw(command));
  }

  async destroy(): Promise<void> {
    if (!this.#pglite.closed) await this.#pglite.close();
  }
}

export class PgliteDialect implements Dialect {
  readonly #pglite: PGlite;
  readonly #lock = new Mutex();

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  /** Runs `work` with the connection held, for what goes to PGlite directly (migration scripts, dumps). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.#lock.runExclusive(work);
  }

  createAdapter() { return new PostgresAdapter(); }
  createDriver() { return new PgliteDriver(this.#pglite, this.#lock); }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>) { return new PostgresIntrospector(db); }
  createQueryCompiler() { return new PostgresQueryCompiler(); }
}
