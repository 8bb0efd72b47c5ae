import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { freshDatabase } from '../testing/harness.ts';
import type { Database } from './database.ts';
import { prepared } from './prepared.ts';

let database: Database;
before(async () => {
  database = await freshDatabase();
  await sql`CREATE TABLE connection_probe (label text PRIMARY KEY)`.execute(database.db);
});
after(() => database.close());

const labels = async () => (await sql<{ label: string }>`SELECT label FROM connection_probe ORDER BY label`.execute(database.db)).rows.map((r) => r.label);

describe('the database connection', () => {
  it("keeps another request's write out of a transaction that rolls back", async () => {
    let inside!: () => void;
    const insideStarted = new Promise<void>((resolve) => { inside = resolve; });
    const rolledBack = database.db.transaction().execute(async (tx) => {
      await sql`INSERT INTO connection_probe VALUES ('in the transaction')`.execute(tx);
      inside();
      await sleep(50);
      throw new Error('roll back');
    }).catch((error: Error) => error.message);
    await insideStarted;
    // Another request writes while the transaction is open: it must not be taken into it.
    const outside = sql`INSERT INTO connection_probe VALUES ('another request')`.execute(database.db);
    assert.equal(await rolledBack, 'roll back');
    await outside;
    assert.deepEqual(await labels(), ['another request']);
  });

  it('gives values back as the server gives them: dates as text, lists, JSON, booleans, numbers and nulls', async () => {
    const at = new Date('2026-06-01T12:00:00Z');
    const row = (await sql<Record<string, unknown>>`SELECT ${'2024-02-29'}::date AS day, ${['a', 'b,c', 'd"e']}::text[] AS list,
      ${JSON.stringify({ kind: 'visit', n: 2 })}::jsonb AS doc, ${true}::boolean AS yes, ${12_345_678}::bigint AS big,
      ${1.5}::numeric AS amount, ${null}::text AS nothing, ${at}::timestamptz = '2026-06-01T12:00:00Z'::timestamptz AS same_instant`.execute(database.db)).rows[0];
    assert.deepEqual(row, {
      day: '2024-02-29', list: ['a', 'b,c', 'd"e'], doc: { kind: 'visit', n: 2 }, yes: true, big: 12_345_678, amount: 1.5, nothing: null, same_instant: true,
    });
  });

  it('runs a prepared read again and again, and reports a bad one as the database error it is', async () => {
    await sql`INSERT INTO connection_probe VALUES ('prepared')`.execute(database.db);
    for (const label of ['prepared', 'missing', 'prepared']) {
      const found = await sql<{ label: string }>`${prepared} SELECT label FROM connection_probe WHERE label = ${label}`.execute(database.db);
      assert.equal(found.rows.length, label === 'missing' ? 0 : 1);
    }
    // A value the prepared statement refuses on its first call, then good ones.
    const byId = (id: string) => sql<{ n: number }>`${prepared} SELECT count(*)::int AS n FROM connection_probe WHERE md5(label)::uuid = ${id}::uuid`.execute(database.db);
    await assert.rejects(byId('not-an-id'), { code: '22P02' });
    assert.equal((await byId('00000000-0000-0000-0000-000000000000')).rows[0]!.n, 0);
    assert.equal((await byId('00000000-0000-0000-0000-000000000000')).rows[0]!.n, 0);
    await assert.rejects(sql`INSERT INTO connection_probe VALUES ('prepared')`.execute(database.db), { code: '23505' });
    const counted = await sql<{ n: number }>`UPDATE connection_probe SET label = label WHERE label <> 'nothing'`.execute(database.db);
    assert.equal(counted.numAffectedRows, 2n);
  });
});
