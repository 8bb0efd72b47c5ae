import { join } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** A streaming replica for reads (optional). */
  databaseReadUrl: string | undefined;
  /** Demo data and demo accounts are loaded only outside production. */
  loadDemo: boolean;
  production: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.GLOCAL_DATA_DIR ?? join(import.meta.dirname, '../../.data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    loadDemo: !production && env.GLOCAL_DEMO !== '0',
    production,
  };
}
