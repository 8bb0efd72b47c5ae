import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { loadReferenceData } from './reference/load-reference.ts';
import { loadDemoData } from './demo/load-demo.ts';
import { buildApp, type AppOptions } from './app.ts';
import { oidcSettingsFromEnv } from './features/auth/oidc.ts';
import { configureMail } from './mail/configure.ts';

/** Opens the database, migrates it and loads reference (and demo) data once. */
export async function prepareDatabase(config: Config, now = new Date()): Promise<Database> {
  let dataDir: string | undefined;
  if (!config.databaseUrl) {
    mkdirSync(config.dataDir, { recursive: true });
    dataDir = join(config.dataDir, 'pglite');
  }
  const database = await openDatabase({ DATABASE_URL: config.databaseUrl, DATABASE_READ_URL: config.databaseReadUrl, dataDir });
  await migrate(database);
  await loadReferenceData(database.db);
  if (config.loadDemo) await loadDemoData(database.db, now);
  return database;
}

export async function startServer(config: Config, options: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  const database = options.database ?? (await prepareDatabase(config));
  const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${config.port}`;
  const oidc = oidcSettingsFromEnv(process.env, publicUrl);
  const mail = options.mailer ? undefined : await configureMail(process.env, config.production);
  const app = await buildApp({
    startWorker: true, publicUrl, ...(oidc ? { oidc } : {}), ...(mail?.mailer ? { mailer: mail.mailer } : {}), ...(mail?.outbox ? { outbox: mail.outbox } : {}),
    ...options, database,
  });
  app.addHook('onClose', () => database.close());
  if (mail) {
    app.addHook('onClose', () => mail.close());
    app.log.info(`mail: ${mail.description}`);
  }
  await app.listen({ port: config.port, host: config.host });
  return app;
}
