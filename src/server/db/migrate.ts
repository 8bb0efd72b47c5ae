import { readdir, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = join(import.meta.dirname, '../../../migrations');
// Any constant works; it only has to be the same for every app instance.
const MIGRATION_LOCK_KEY = 727_000_001;

interface MigrationFile {
  version: number;
  name: string;
  script: string;
  checksum: string;
}

export async function listMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      const script = await readFile(join(dir, name), 'utf8');
      return {
        version: Number(name.slice(0, 4)),
        name,
        script,
        checksum: createHash('sha256').update(script).digest('hex'),
      };
    }),
  );
}

/**
 * Applies pending migrations in order, each in its own transaction. Several instances
 * starting at once serialise on an advisory lock, and an edited migration that already
 * ran is refused rather than silently diverging.
 */
export async function migrate(database: Database): Promise<string[]> {
  const { db } = database;
  await sql`CREATE TABLE IF NOT EXISTS schema_migration (
    version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`.execute(db);
  const applied: string[] = [];
  for (const migration of await listMigrations()) {
    const header = `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM schema_migration WHERE version = ${migration.version}) THEN
          RAISE EXCEPTION 'glocal:already-applied';
        END IF;
      END $$;`;
    const footer = `INSERT INTO schema_migration (version, name, checksum)
      VALUES (${migration.version}, '${migration.name}', '${migration.checksum}');`;
    const done = await sql<{ checksum: string }>`
      SELECT checksum FROM schema_migration WHERE version = ${migration.version}`.execute(db);
    const existing = done.rows[0];
    if (existing) {
      if (existing.checksum !== migration.checksum) {
        throw new Error(`Migration ${migration.name} was changed after it was applied`);
      }
      continue;
    }
    try {
      await database.execScript(`${header}\n${migration.script}\n${footer}`);
      applied.push(migration.name);
    } catch (error) {
      // Another instance applied it between our check and our lock.
      if (String((error as Error).message).includes('glocal:already-applied')) continue;
      throw error;
    }
  }
  return applied;
}
