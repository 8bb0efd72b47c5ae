import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { freshDatabase, testDatabaseKind, urlOfTestDatabase } from '../testing/harness.ts';
import type { Database } from './database.ts';
import { gadId, makeAction } from '../testing/factories.ts';
import { checkConsistency } from '../reliability/consistency.ts';

// The references of migration 0102 are triggers, not declared foreign keys: these tests hold them to what a
// foreign key guarantees, on both engines, and (on the server, the one with concurrent writers) under races.

let database: Database;
before(async () => { database = await freshDatabase(); });
after(() => database.close());

interface PgError { code?: string; constraint?: string; detail?: string }

async function refusal(query: { execute: (db: Database['db']) => Promise<unknown> }): Promise<PgError> {
  try { await query.execute(database.db); } catch (error) { return error as PgError; }
  assert.fail('the statement was accepted');
}

async function count(table: string, where = sql`true`) {
  const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(database.db);
  return result.rows[0]!.n;
}

const testTheme = async (code: string) => {
  await sql`INSERT INTO theme (code, position, name_es, name_en, name_pt) VALUES (${code}, 900, ${code}, ${code}, ${code})`.execute(database.db);
};

describe('references checked once per statement', () => {
  it('refuses a row naming a GAD, country, theme or user that does not exist, as a foreign key does', async () => {
    const quito = await gadId(database, '1701');
    const action = await makeAction(database, { type: 'visit' });
    const nobody = randomUUID();
    const cases: [string, ReturnType<typeof sql>, string][] = [
      ['action_gad_id_fkey', sql`INSERT INTO action (gad_id, type, title) VALUES (${nobody}, 'visit', 'Sin GAD')`, `Key (gad_id)=(${nobody})`],
      ['action_country_code_fkey', sql`INSERT INTO action (gad_id, type, title, country_code) VALUES (${quito}, 'visit', 'x', 'QQ')`, 'Key (country_code)=(QQ)'],
      ['action_theme_theme_code_fkey', sql`INSERT INTO action_theme (action_id, gad_id, theme_code) VALUES (${action}, ${quito}, 'no_such_theme')`, 'Key (theme_code)=(no_such_theme)'],
      ['audit_log_gad_id_fkey', sql`INSERT INTO audit_log (actor_label, gad_id, entity, entity_id, operation) VALUES ('t', ${nobody}, 'action', 'x', 'create')`, `Key (gad_id)=(${nobody})`],
      ['audit_log_actor_fk', sql`INSERT INTO audit_log (actor_id, actor_label, entity, entity_id, operation) VALUES (${nobody}, 't', 'action', 'x', 'create')`, `Key (actor_id)=(${nobody})`],
    ];
    const before = { actions: await count('action'), audit: await count('audit_log') };
    for (const [constraint, query, key] of cases) {
      const error = await refusal(query);
      assert.equal(error.code, '23503', constraint);
      assert.equal(error.constraint, constraint);
      assert.match(error.detail ?? '', new RegExp(`^${key.replace(/[()]/g, '\\$&')} is not present in table`));
    }
    assert.deepEqual({ actions: await count('action'), audit: await count('audit_log') }, before);
  });

  it('refuses a whole statement of many rows for one bad row, and names that row\'s key', async () => {
    const quito = await gadId(database, '1701');
    const error = await refusal(sql`INSERT INTO action (gad_id, type, title, country_code)
      SELECT ${quito}, 'visit', 'Lote ' || i, CASE WHEN i = 777 THEN 'QQ' ELSE 'ES' END FROM generate_series(1, 1000) i`);
    assert.equal(error.code, '23503');
    assert.match(error.detail ?? '', /\(country_code\)=\(QQ\)/);
    assert.equal(await count('action', sql`title LIKE 'Lote %'`), 0);
  });

  it('checks what an update brings in, and lets an update that keeps its keys through', async () => {
    const id = await makeAction(database, { type: 'visit', title: 'Visita a Lima', country: 'PE' });
    assert.equal((await refusal(sql`UPDATE action SET country_code = 'QQ' WHERE id = ${id}`)).constraint, 'action_country_code_fkey');
    assert.equal((await refusal(sql`UPDATE action SET gad_id = ${randomUUID()} WHERE id = ${id}`)).constraint, 'action_gad_id_fkey');
    await sql`UPDATE action SET title = 'Visita a Lima (2)', country_code = 'CO' WHERE id = ${id}`.execute(database.db);
    const row = await sql<{ title: string; country_code: string }>`SELECT title, country_code FROM action WHERE id = ${id}`.execute(database.db);
    assert.deepEqual(row.rows[0], { title: 'Visita a Lima (2)', country_code: 'CO' });
  });

  it('refuses to delete, re-key or truncate a parent still named, and lets an unused one go', async () => {
    const quito = await gadId(database, '1701');
    const action = await makeAction(database, { type: 'visit', country: 'PE' });
    await testTheme('zz_used');
    await testTheme('zz_unused');
    await sql`INSERT INTO action_theme (action_id, gad_id, theme_code) VALUES (${action}, ${quito}, 'zz_used')`.execute(database.db);
    const user = await sql<{ id: string }>`SELECT id FROM app_user ORDER BY email LIMIT 1`.execute(database.db);
    await sql`INSERT INTO audit_log (actor_id, actor_label, entity, entity_id, operation) VALUES (${user.rows[0]!.id}, 't', 'action', ${action}, 'update')`.execute(database.db);

    const theme = await refusal(sql`DELETE FROM theme WHERE code = 'zz_used'`);
    assert.equal(theme.code, '23503');
    assert.equal(theme.constraint, 'action_theme_theme_code_fkey');
    assert.match(theme.detail ?? '', /Key \(code\)=\(zz_used\) is still referenced from table "action_theme"/);
    assert.equal((await refusal(sql`UPDATE theme SET code = 'zz_renamed' WHERE code = 'zz_used'`)).constraint, 'action_theme_theme_code_fkey');
    assert.equal((await refusal(sql`DELETE FROM country WHERE code = 'PE'`)).code, '23503');
    assert.equal((await refusal(sql`DELETE FROM app_user WHERE id = ${user.rows[0]!.id}`)).code, '23503');
    assert.equal((await refusal(sql`TRUNCATE theme CASCADE`)).code, '0A000');

    await sql`UPDATE theme SET name_en = 'Still here' WHERE code = 'zz_used'`.execute(database.db);
    await sql`DELETE FROM theme WHERE code = 'zz_unused'`.execute(database.db);
    assert.equal(await count('theme', sql`code = 'zz_used' AND name_en = 'Still here'`), 1);
    assert.equal(await count('theme', sql`code = 'zz_unused'`), 0);
  });

  it('refuses to delete a parent in a REPEATABLE READ transaction, whose snapshot could miss a new child', async () => {
    await testTheme('zz_rr');
    const error = await database.db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
      await sql`UPDATE theme SET name_es = 'Sigue' WHERE code = 'zz_rr'`.execute(tx);
      await sql`DELETE FROM theme WHERE code = 'zz_rr'`.execute(tx);
    }).then(() => null, (e: PgError) => e);
    assert.equal(error?.code, '0A000');
    assert.equal(await count('theme', sql`code = 'zz_rr'`), 1);
  });

  it('finds a reference broken behind its back in the consistency check, as it does a declared foreign key', async () => {
    const clean = await checkConsistency(database.db);
    assert.deepEqual(clean.problems.filter((p) => p.includes('fkey') || p.includes('_fk')), []);
    const declared = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`.execute(database.db);
    assert.equal(clean.foreignKeys, declared.rows[0]!.n + 5);
  });
});

describe('references under concurrent writers', { skip: testDatabaseKind() === 'pglite' ? 'PGlite has one connection: no writer runs beside another' : false }, () => {
  async function clients(): Promise<[pg.Client, pg.Client, pg.Client]> {
    const target = await urlOfTestDatabase(database);
    const made = [new pg.Client(target), new pg.Client(target), new pg.Client(target)] as const;
    for (const c of made) await c.connect();
    return [...made];
  }
  async function waitsForLock(observer: pg.Client, pid: number) {
    for (let i = 0; i < 500; i++) {
      const r = await observer.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
      if (r.rows[0]?.wait_event_type === 'Lock') return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.fail('the second writer never waited for the first');
  }
  /**
   * Runs `first` (naming a new theme in a child row, or deleting the theme) in an open transaction, starts the other
   * on a second connection, waits until that one blocks, commits the first, and returns what the second threw.
   */
  async function race(code: string, first: 'write' | 'delete'): Promise<PgError | null> {
    await testTheme(code);
    const quito = await gadId(database, '1701');
    const action = await makeAction(database, { type: 'visit' });
    const write = (c: pg.Client) => c.query(`INSERT INTO action_theme (action_id, gad_id, theme_code) VALUES ($1, $2, $3)`, [action, quito, code]);
    const remove = (c: pg.Client) => c.query(`DELETE FROM theme WHERE code = $1`, [code]);
    const [one, other, observer] = await clients();
    try {
      await one.query('BEGIN');
      await (first === 'write' ? write(one) : remove(one));
      const pid = (await other.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      const second = (first === 'write' ? remove(other) : write(other)).then(() => null, (e: PgError) => e);
      await waitsForLock(observer, pid);
      await one.query('COMMIT');
      return await second;
    } finally { await Promise.all([one.end(), other.end(), observer.end()]); }
  }

  it('a delete of a theme waits for the writer naming it, then refuses: the new child is seen', async () => {
    const error = await race('zz_race_a', 'write');
    assert.equal(error?.code, '23503');
    assert.equal(await count('action_theme', sql`theme_code = 'zz_race_a'`), 1);
    assert.equal(await count('theme', sql`code = 'zz_race_a'`), 1);
  });

  it('a writer naming a theme being deleted waits for the delete, then refuses: no child points nowhere', async () => {
    const error = await race('zz_race_b', 'delete');
    assert.equal(error?.code, '23503');
    assert.equal(error?.constraint, 'action_theme_theme_code_fkey');
    assert.equal(await count('action_theme', sql`theme_code = 'zz_race_b'`), 0);
    assert.equal(await count('theme', sql`code = 'zz_race_b'`), 0);
  });
});
