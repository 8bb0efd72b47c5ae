import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { openPglite, openPostgres, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { loadReferenceData } from '../reference/load-reference.ts';
import { loadDemoData } from '../demo/load-demo.ts';
import { buildApp, type AppOptions } from '../app.ts';
import { refreshDirtyRollups } from '../rollups/refresh.ts';

export const TEST_TEMPLATE_DB = 'glocal_template';

export function testDatabaseKind(): 'pglite' | 'postgresql' {
  return process.env.GLOCAL_TEST_DB === 'postgresql' ? 'postgresql' : 'pglite';
}

/**
 * Migrates and loads reference and demo data, then fills the rollups: what the template holds, built
 * from nothing. The benchmark leaves the rollups to refresh itself, to time it.
 */
export async function prepareFromScratch(database: Database, now = new Date('2026-01-15T12:00:00Z'), options: { refreshRollups?: boolean } = {}) {
  await migrate(database);
  await loadReferenceData(database.db);
  await loadDemoData(database.db, now);
  if (options.refreshRollups ?? true) await refreshDirtyRollups(database.db);
  return database;
}

/** What a test calls after writing and before reading a dashboard: the ticker's job, run now. */
export async function refreshRollups(app: FastifyInstance | Database): Promise<{ gads: number }> {
  return refreshDirtyRollups('kind' in app ? app.db : app.database.db);
}

/** PostgreSQL pass only: the URL of a database on the suite's cluster. */
export function testPostgresUrl(name: string): string {
  const adminUrl = process.env.GLOCAL_TEST_PG_ADMIN_URL;
  if (!adminUrl) throw new Error('GLOCAL_TEST_PG_ADMIN_URL is not set; run the suite with ./glocal test');
  return adminUrl.replace(/\/[^/]*$/, `/${name}`);
}

/** PostgreSQL pass only: the URL of the database a test holds, to open a second connection to it. */
export async function urlOfTestDatabase(database: Database): Promise<string> {
  const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(database.db);
  return testPostgresUrl(rows[0]!.name);
}

/** PostgreSQL pass only: a new database copied from the template (or empty), and its URL. */
export async function freshPostgresUrl(options: { empty?: boolean } = {}): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = openPostgres(testPostgresUrl('postgres'), 1);
  await sql`CREATE DATABASE ${sql.id(name)} TEMPLATE ${sql.id(options.empty ? 'template0' : TEST_TEMPLATE_DB)}`.execute(admin.db);
  await admin.close();
  return testPostgresUrl(name);
}

/**
 * A private database per test file, already holding the reference and demo data. The test
 * runner builds one template per engine, so each file gets a copy in well under a second.
 */
export async function freshDatabase(): Promise<Database> {
  if (testDatabaseKind() === 'postgresql') return openPostgres(await freshPostgresUrl());
  const template = process.env.GLOCAL_TEST_PGLITE_TEMPLATE;
  if (template) return openPglite(undefined, new Blob([await readFile(template)]));
  return prepareFromScratch(await openPglite(undefined));
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

export async function startTestApp(options: Partial<AppOptions> = {}): Promise<TestApp> {
  const database = options.database ?? (await freshDatabase());
  // Every test app logs at info to a file the runner later searches for leaked secrets.
  const logDir = process.env.GLOCAL_TEST_LOG_DIR;
  const logFile = logDir ? join(logDir, `${process.pid}-${randomBytes(4).toString('hex')}.log`) : undefined;
  const app = await buildApp({ logLevel: logDir ? 'info' : 'warn', logFile, ...options, database });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
