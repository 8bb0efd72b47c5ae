import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { freshDatabase } from '../testing/harness.ts';
import { migrate } from './migrate.ts';
import type { Database } from './database.ts';
import { gadId, makeAction } from '../testing/factories.ts';

let database: Database;
before(async () => { database = await freshDatabase(); });
after(() => database.close());

const rejects = (query: ReturnType<typeof sql>) => assert.rejects(query.execute(database.db));

describe('the data model', () => {
  it('applies its migrations once: a second start changes nothing', async () => {
    assert.deepEqual(await migrate(database), []);
    const applied = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migration`.execute(database.db);
    assert.ok(applied.rows[0]!.n >= 3);
  });

  it('keeps the audit log append-only: updates and deletes are refused by the database', async () => {
    await makeAction(database, { title: 'Audited' });
    await rejects(sql`UPDATE audit_log SET actor_label = 'someone else'`);
    await rejects(sql`DELETE FROM audit_log`);
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'action'`.execute(database.db);
    assert.ok(count.rows[0]!.n > 0);
  });

  it('refuses rows that break the domain rules', async () => {
    const quito = await gadId(database, '1701');
    await rejects(sql`INSERT INTO action (gad_id, type, title) VALUES (${quito}, 'picnic', 'x')`);
    await rejects(sql`INSERT INTO action (gad_id, type, title, start_date, end_date) VALUES (${quito}, 'visit', 'x', '2020-02-02', '2020-01-01')`);
    await rejects(sql`INSERT INTO action (gad_id, type, title, visibility) VALUES (${quito}, 'visit', 'x', 'secret')`);
    await rejects(sql`INSERT INTO action (gad_id, type, title, country_code) VALUES (${quito}, 'visit', 'x', 'QQ')`);
    const id = await makeAction(database, { type: 'project', details: { modality: 'in_kind', direction: 'received' } });
    await rejects(sql`INSERT INTO project_amount (action_id, gad_id, kind, amount_minor, currency) VALUES (${id}, ${quito}, 'budget', 10, 'dollars')`);
    await rejects(sql`INSERT INTO commitment (gad_id, action_id, description, state) VALUES (${quito}, ${id}, 'Report', 'done')`);
  });

  it("refuses a child row that names another GAD than its action's, and cascades an action's GAD to its rows", async () => {
    const quito = await gadId(database, '1701');
    const cuenca = await gadId(database, '0101');
    const id = await makeAction(database, { type: 'visit', title: 'Visita de Medellín' });
    await rejects(sql`INSERT INTO action_theme (action_id, gad_id, theme_code) VALUES (${id}, ${cuenca}, (SELECT code FROM theme LIMIT 1))`);
    await rejects(sql`UPDATE visit SET gad_id = ${cuenca} WHERE action_id = ${id}`);
    await sql`INSERT INTO action_theme (action_id, gad_id, theme_code) VALUES (${id}, ${quito}, (SELECT code FROM theme LIMIT 1))`.execute(database.db);
    await sql`UPDATE action SET gad_id = ${cuenca} WHERE id = ${id}`.execute(database.db);
    const rows = await sql<{ theme: string; visit: string }>`
      SELECT (SELECT gad_id FROM action_theme WHERE action_id = ${id}) AS theme, (SELECT gad_id FROM visit WHERE action_id = ${id}) AS visit`.execute(database.db);
    assert.deepEqual(rows.rows[0], { theme: cuenca, visit: cuenca });
  });

  it('stores money as integer minor units with an ISO 4217 currency', async () => {
    const id = await makeAction(database, {
      type: 'project',
      details: { modality: 'non_reimbursable', direction: 'received', amounts: [{ kind: 'budget', amountMinor: 12_345_678, currency: 'EUR' }] },
    });
    const row = await sql<{ amount_minor: number; currency: string }>`
      SELECT amount_minor, currency FROM project_amount WHERE action_id = ${id}`.execute(database.db);
    assert.deepEqual(row.rows[0], { amount_minor: 12_345_678, currency: 'EUR' });
  });
});
