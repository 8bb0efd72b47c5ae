import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openPglite, openPgliteOnDisk, type Database } from './database.ts';
import { buildPgliteSeed } from './pglite-seed.ts';
import { prepareFromScratch, testDatabaseKind } from '../testing/harness.ts';

/** Every table's columns and row count, and every index: what "the same database" means here. */
async function fingerprint(database: Database) {
  const columns = await sql<{ t: string; c: string; type: string }>`
    SELECT table_name AS t, column_name AS c, data_type AS type FROM information_schema.columns
    WHERE table_schema = 'public' ORDER BY 1, 2`.execute(database.db);
  const indexes = await sql<{ i: string; def: string }>`
    SELECT indexname AS i, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`.execute(database.db);
  const counts: Record<string, number> = {};
  for (const table of [...new Set(columns.rows.map((r) => r.t))]) {
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.id(table)}`.execute(database.db);
    counts[table] = n.rows[0]!.n;
  }
  return { columns: columns.rows, indexes: indexes.rows, counts };
}

// PGlite only: the PostgreSQL pass has nothing to add.
describe('the first start from the prebuilt initdb seed', { skip: testDatabaseKind() === 'postgresql' }, () => {
  const work = mkdtempSync(join(tmpdir(), 'glocal-seed-'));
  const now = new Date('2026-01-15T12:00:00Z');
  let seedDir: string;
  before(async () => { seedDir = await buildPgliteSeed(join(work, 'dist', 'pglite-seed-test')); });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('ends with the same schema and rows as a cluster PGlite initialised itself', async () => {
    const dataDir = join(work, 'data', 'pglite');
    const seeded = await prepareFromScratch(await openPgliteOnDisk(dataDir, seedDir), now);
    const fromSeed = await fingerprint(seeded);
    await seeded.close();
    const plain = await prepareFromScratch(await openPglite(undefined), now);
    const fromInitdb = await fingerprint(plain);
    await plain.close();
    assert.deepEqual(fromSeed, fromInitdb);
    assert.equal(fromSeed.counts.gad, 1046);
    // The copy was renamed into place: no partial directory is left beside it.
    assert.deepEqual(readdirSync(join(work, 'data')), ['pglite']);
  });

  it('leaves a data directory that is not empty alone (a restart opens it as it is)', async () => {
    const dataDir = join(work, 'data', 'pglite');
    const reopened = await openPgliteOnDisk(dataDir, seedDir);
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM gad`.execute(reopened.db);
    await reopened.close();
    assert.equal(rows.rows[0]!.n, 1046);
  });

  it('falls back to initdb when the seed cannot be used', async () => {
    const dataDir = join(work, 'other', 'pglite');
    const database = await openPgliteOnDisk(dataDir, join(work, 'no-such-seed'));
    const rows = await sql<{ n: number }>`SELECT 1 AS n`.execute(database.db);
    await database.close();
    assert.equal(rows.rows[0]!.n, 1);
    assert.ok(existsSync(join(dataDir, 'PG_VERSION')));
  });
});
