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

/** Told when each step of a start ends (bench/boot-phases.ts times them); a start passes none. */
export type PhaseListener = (phase: string) => void;
const quiet: PhaseListener = () => {};

/** Opens the database, migrates it and loads reference (and demo) data once. */
export async function prepareDatabase(config: Config, now = new Date(), onPhase = quiet): Promise<Database> {
  let dataDir: string | undefined;
  if (!config.databaseUrl) {
    mkdirSync(config.dataDir, { recursive: true });
    dataDir = join(config.dataDir, 'pglite');
  }
  const database = await openDatabase({ DATABASE_URL: config.databaseUrl, DATABASE_READ_URL: config.databaseReadUrl, dataDir });
  onPhase('database open');
  await migrate(database);
  onPhase('migrations');
  await loadReferenceData(database.db);
  onPhase('reference data');
  if (config.loadDemo) await loadDemoData(database.db, now);
  onPhase('demo data');
  return database;
}

export async function startServer(config: Config, options: Partial<AppOptions> = {}, onPhase = quiet): Promise<FastifyInstance> {
  const database = options.database ?? (await prepareDatabase(config, new Date(), onPhase));
  const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${config.port}`;
  const oidc = oidcSettingsFromEnv(process.env, publicUrl);
  const mail = options.mailer ? undefined : await configureMail(process.env, config.production);
  onPhase('mail');
  const app = await buildApp({
    startWorker: true, publicUrl, ...(oidc ? { oidc } : {}), ...(mail?.mailer ? { mailer: mail.mailer } : {}), ...(mail?.outbox ? { outbox: mail.outbox } : {}),
    ...options, database, closeLast: [...(options.closeLast ?? []), ...(mail ? [() => mail.close()] : []), () => database.close()],
  });
  if (mail) app.log.info(`mail: ${mail.description}`);
  await app.listen({ port: config.port, host: config.host });
  onPhase('listening');
  return app;
}
