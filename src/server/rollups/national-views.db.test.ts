import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { refreshRollups, startTestApp, type TestApp } from '../testing/harness.ts';
import { request, signIn, type Session } from '../testing/http.ts';
import { gadId, makeAction, TEST_NOW } from '../testing/factories.ts';
import { refreshNationalViews } from './national-views.ts';
import { allNationalViews } from './all.ts';

/**
 * The partner map of every GAD is a national view: computed once per kind of reader and period, and
 * served until a rollup refresh changes a GAD. Readers must never be served another kind of reader's
 * view, and a change must show once the rollups have it.
 */
let t: TestApp;
let quitoEditor: Session;
let quitoAdmin: Session;
let cuencaEditor: Session;
let quito: string;
before(async () => {
  t = await startTestApp({ loginPerMinute: 10_000, clock: () => TEST_NOW });
  [quitoEditor, quitoAdmin, cuencaEditor] = await Promise.all([
    signIn(t.app, 'editor.quito@demo.glocal.ec'), signIn(t.app, 'admin.quito@demo.glocal.ec'), signIn(t.app, 'editor.cuenca@demo.glocal.ec')]);
  quito = await gadId(t.database, '1701');
});
after(() => t.close());

const MAP = '/api/indicators/partner-map?from=2000&to=2026';
const newZealand = async (session?: Session) => {
  const res = await request(t.app, 'GET', MAP, undefined, session?.headers ?? {});
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.countries.find((c: { code: string }) => c.code === 'NZ')?.actions ?? 0;
};
const views = async () => (await sql<{ reader: string; gad_id: string | null; fresh: boolean }>`
  SELECT v.reader, v.gad_id, v.computed_at >= s.changed_at AS fresh FROM analytics_national_view v, rollups_state s ORDER BY 1`.execute(t.database.db)).rows;

it('each kind of reader is served its own view, and a GAD’s restricted record shows only to that GAD', async () => {
  assert.equal(await newZealand(), 0);
  assert.equal(await newZealand(quitoEditor), 0);
  assert.equal(await newZealand(cuencaEditor), 0);
  await makeAction(t.database, { gad: '1701', type: 'visit', title: 'Misión a Wellington', visibility: 'own', startDate: '2020-05-04', country: 'NZ', illustrative: true });
  // The rollups job: refreshes the dirty GAD, then the views read lately, so the next reader finds them ready.
  await t.app.rollupTicker.tick(TEST_NOW);
  await t.app.worker.drain();
  assert.ok((await views()).every((v) => v.fresh), JSON.stringify(await views()));
  assert.equal(await newZealand(quitoEditor), 1, 'Quito’s own record is on Quito’s map');
  assert.equal(await newZealand(quitoAdmin), 1, 'every Quito user sees what Quito sees');
  assert.equal(await newZealand(cuencaEditor), 0, 'not on Cuenca’s');
  assert.equal(await newZealand(), 0, 'nor on the public map');
  const stored = await views();
  assert.deepEqual(stored.map((v) => v.reader).sort(), ['gad:' + (await gadId(t.database, '0101')), `gad:${quito}`, 'public'].sort());
  assert.equal(stored.find((v) => v.reader === `gad:${quito}`)!.gad_id, quito, 'a GAD’s view is that GAD’s row');
  assert.equal(stored.find((v) => v.reader === 'public')!.gad_id, null);
});

it('a view older than the last rollup change is not served: the map shows the change at once', async () => {
  await sql`UPDATE action SET visibility = 'public' WHERE title = 'Misión a Wellington'`.execute(t.database.db);
  await refreshRollups(t.app);
  assert.ok((await views()).every((v) => !v.fresh), 'the stored views predate the change');
  assert.equal(await newZealand(), 1, 'now public');
  assert.equal(await newZealand(cuencaEditor), 1);
});

it('a view nobody read for a week is dropped instead of being kept fresh', async () => {
  await sql`UPDATE analytics_national_view SET read_at = now() - interval '8 days' WHERE reader = 'public'`.execute(t.database.db);
  await refreshNationalViews(t.database.db, allNationalViews());
  assert.ok(!(await views()).some((v) => v.reader === 'public'));
  assert.equal(await newZealand(), 1, 'and computed again when asked for');
});
