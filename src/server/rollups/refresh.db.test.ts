import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { freshDatabase, testDatabaseKind, urlOfTestDatabase } from '../testing/harness.ts';
import { openPostgres, type Database, type Db } from '../db/database.ts';
import { refreshDirtyRollups } from './refresh.ts';
import { rollupsAsOf } from './as-of.ts';
import type { Rollup } from './registry.ts';

/** A rollup of the simplest kind, in a table of the test's own: live actions per GAD and visibility. */
const counts: Rollup = {
  name: 'test-counts',
  async refreshGad(db, gadId) {
    await sql`DELETE FROM test_rollup WHERE gad_id = ${gadId}`.execute(db);
    await sql`INSERT INTO test_rollup (gad_id, visibility, n)
      SELECT gad_id, visibility, count(*) FROM action WHERE gad_id = ${gadId} AND deleted_at IS NULL GROUP BY 1, 2`.execute(db);
  },
};
const rollups = [counts];

let database: Database;
let quito: string;
before(async () => {
  database = await freshDatabase();
  await sql`CREATE TABLE test_rollup (gad_id uuid NOT NULL, visibility text NOT NULL, n int NOT NULL)`.execute(database.db);
  quito = (await sql<{ id: string }>`SELECT id FROM gad WHERE dpa_code = '1701'`.execute(database.db)).rows[0]!.id;
  await sql`INSERT INTO rollup_dirty (gad_id) SELECT id FROM gad`.execute(database.db);
  await refreshDirtyRollups(database.db, { rollups });
});
after(() => database.close());

const dirty = async (db: Db, gadId: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM rollup_dirty WHERE gad_id = ${gadId}`.execute(db)).rows[0]!.n;
const rolled = async (db: Db) =>
  (await sql<{ gad_id: string; visibility: string; n: number }>`SELECT gad_id, visibility, n FROM test_rollup ORDER BY 1, 2`.execute(db)).rows;
const live = async (db: Db) =>
  (await sql<{ gad_id: string; visibility: string; n: number }>`SELECT gad_id, visibility, count(*)::int AS n FROM action
    WHERE deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`.execute(db)).rows;
const addAction = (db: Db, gadId: string, visibility = 'public') =>
  sql`INSERT INTO action (gad_id, type, title, visibility) VALUES (${gadId}, 'visit', 'Rollup test visit', ${visibility})`.execute(db);

it('starts from exact figures, with no GAD left dirty', async () => {
  assert.deepEqual(await rolled(database.db), await live(database.db));
  assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM rollup_dirty`.execute(database.db)).rows[0]!.n, 0);
});

it('a write marks its GAD dirty, and the figure changes only after the refresh, to the exact one', async () => {
  const before = await rolled(database.db);
  await addAction(database.db, quito);
  assert.equal(await dirty(database.db, quito), 1);
  assert.deepEqual(await rolled(database.db), before, 'not before the refresh');
  assert.deepEqual(await refreshDirtyRollups(database.db, { rollups }), { gads: 1 });
  assert.equal(await dirty(database.db, quito), 0);
  assert.deepEqual(await rolled(database.db), await live(database.db));
});

it('updates, deletions (soft and hard), linked rows and partner changes mark their GADs', async () => {
  await sql`UPDATE action SET deleted_at = now() WHERE title = 'Rollup test visit'`.execute(database.db);
  assert.equal(await dirty(database.db, quito), 1, 'one mark per statement, not per row');
  const action = (await sql<{ id: string }>`SELECT id FROM action WHERE gad_id = ${quito} AND deleted_at IS NULL LIMIT 1`.execute(database.db)).rows[0]!.id;
  await sql`INSERT INTO action_theme (action_id, gad_id, theme_code) SELECT ${action}, ${quito}, code FROM theme
    WHERE code NOT IN (SELECT theme_code FROM action_theme WHERE action_id = ${action}) LIMIT 1`.execute(database.db);
  assert.equal(await dirty(database.db, quito), 2);
  await sql`DELETE FROM action WHERE title = 'Rollup test visit'`.execute(database.db);
  assert.equal(await dirty(database.db, quito), 3);
  await refreshDirtyRollups(database.db, { rollups });
  const partner = (await sql<{ id: string }>`SELECT partner_id AS id FROM action_partner WHERE gad_id = ${quito} LIMIT 1`.execute(database.db)).rows[0]!.id;
  await sql`UPDATE partner SET city = coalesce(city, '') || ' ' WHERE id = ${partner}`.execute(database.db);
  assert.ok(await dirty(database.db, quito) >= 1);
  await sql`UPDATE partner SET city = city WHERE id = ${partner}`.execute(database.db);
  await refreshDirtyRollups(database.db, { rollups });
  assert.deepEqual(await rolled(database.db), await live(database.db));
});

it('says as of when: the oldest pending change, or the last refresh run', async () => {
  await refreshDirtyRollups(database.db, { rollups });
  const run = new Date(await rollupsAsOf(database.db));
  assert.ok(Math.abs(run.getTime() - Date.now()) < 60_000);
  await sql`INSERT INTO rollup_dirty (gad_id, marked_at) VALUES (${quito}, '2020-01-01T00:00:00Z')`.execute(database.db);
  assert.equal(await rollupsAsOf(database.db), '2020-01-01T00:00:00.000Z');
  assert.equal(await rollupsAsOf(database.db, [quito]), '2020-01-01T00:00:00.000Z');
  const other = (await sql<{ id: string }>`SELECT id FROM gad WHERE dpa_code = '0101'`.execute(database.db)).rows[0]!.id;
  assert.equal(await rollupsAsOf(database.db, [other]), run.toISOString(), 'another GAD is up to date');
  await refreshDirtyRollups(database.db, { rollups });
  assert.ok(new Date(await rollupsAsOf(database.db)).getTime() >= run.getTime());
});

it('two instances refreshing at once, while writers write, give the exact figures', async () => {
  const second = testDatabaseKind() === 'postgresql' ? await secondConnection() : database;
  try {
    const gads = (await sql<{ id: string }>`SELECT id FROM gad ORDER BY dpa_code LIMIT 40`.execute(database.db)).rows.map((r) => r.id);
    await sql`INSERT INTO rollup_dirty (gad_id) SELECT id FROM gad`.execute(database.db);
    const writes = (async () => {
      for (let i = 0; i < 20; i++) await addAction(second.db, gads[i % gads.length]!, i % 2 ? 'own' : 'government');
    })();
    const [a, b] = await Promise.all([
      refreshDirtyRollups(database.db, { rollups }), refreshDirtyRollups(second.db, { rollups }), writes,
    ]);
    const all = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM gad`.execute(database.db)).rows[0]!.n;
    assert.ok(a.gads + b.gads >= all, 'every GAD refreshed by one or the other');
    await refreshDirtyRollups(database.db, { rollups });
    assert.deepEqual(await rolled(database.db), await live(database.db));
  } finally {
    if (second !== database) await second.close();
  }
});

it('concurrent writers of one GAD do not wait on each other for the dirty mark', { skip: testDatabaseKind() === 'pglite' && 'PGlite has one connection' }, async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  let inserted!: () => void;
  const first = new Promise<void>((resolve) => { inserted = resolve; });
  const writerA = database.db.transaction().execute(async (tx) => {
    await addAction(tx, quito);
    inserted();
    await held;
  });
  await first;
  // Writer A holds its transaction open with Quito marked; B writes Quito too and must not wait.
  await database.db.transaction().execute(async (tx) => {
    await sql`SET LOCAL lock_timeout = '3s'`.execute(tx);
    await addAction(tx, quito);
  });
  release();
  await writerA;
  assert.equal(await dirty(database.db, quito), 2);
});

async function secondConnection(): Promise<Database> {
  return openPostgres(await urlOfTestDatabase(database));
}
