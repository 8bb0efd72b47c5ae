import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../testing/harness.ts';
import { request } from '../testing/http.ts';
import { DEMO_DIR } from './load-demo.ts';

/** Hand counts of the thesis tables, made independently of the transcription. */
const counts = JSON.parse(readFileSync(join(DEMO_DIR, 'quito-thesis-counts.json'), 'utf8')) as {
  byTable: Record<string, number>;
  byTypeAndYear: Record<string, Record<string, number>>;
};

let t: TestApp;
before(async () => { t = await startTestApp(); });
after(() => t.close());

describe("Quito's 2004–2013 record from the thesis", () => {
  it('holds every row of Gráficos 6 to 12', async () => {
    for (const [table, rows] of Object.entries(counts.byTable)) {
      const found = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM action a JOIN gad g ON g.id = a.gad_id
        WHERE g.dpa_code = '1701' AND a.source_note ~ ${`(^|; )${table},`}`.execute(t.database.db);
      assert.equal(found.rows[0]!.n, rows, table);
    }
  });

  it('matches the thesis tables by kind and year through the public API', async () => {
    for (const [type, byYear] of Object.entries(counts.byTypeAndYear)) {
      const all = await request(t.app, 'GET', `/api/actions?gad=1701&type=${type}&limit=1`);
      const expectedTotal = Object.values(byYear).reduce((sum, n) => sum + n, 0);
      assert.equal(all.body.total, expectedTotal, `${type} total`);
      const { unknown: _undated, ...dated } = byYear;
      assert.deepEqual(all.body.facets.year, dated, `${type} by year`);
      for (const [year, n] of Object.entries(dated)) {
        const inYear = await request(t.app, 'GET', `/api/actions?gad=1701&type=${type}&year=${year}&limit=1`);
        assert.equal(inYear.body.total, n, `${type} ${year}`);
      }
    }
  });

  it('shows the five awards of 2004–2013 with their years', async () => {
    const awards = await request(t.app, 'GET', '/api/actions?gad=1701&type=award&sort=date_asc');
    assert.deepEqual(awards.body.items.map((a: { startDate: string }) => a.startDate.slice(0, 4)), ['2004', '2010', '2011', '2013', '2013']);
    assert.ok(awards.body.items.some((a: { title: string }) => /Reina Sof[ií]a/.test(a.title)));
  });

  it('is public, and presented as fact, not as illustrative data', async () => {
    const hidden = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM action a JOIN gad g ON g.id = a.gad_id
      WHERE g.dpa_code = '1701' AND a.source_note LIKE 'Gráfico%' AND (a.visibility <> 'public' OR a.illustrative)`.execute(t.database.db);
    assert.equal(hidden.rows[0]!.n, 0);
  });

  it('keeps AICE and Ciudades Mensajeras de la Paz as one partner each, though the table names each twice', async () => {
    for (const q of ['AICE', 'Ciudades Mensajeras de la Paz']) {
      const partners = await request(t.app, 'GET', `/api/partners?q=${encodeURIComponent(q)}&type=city_network`);
      const network = partners.body.items[0];
      assert.ok(network, q);
      const detail = await request(t.app, 'GET', `/api/partners/${network.id}`);
      const memberships = detail.body.actions.filter((a: { type: string }) => a.type === 'membership');
      assert.equal(memberships.length, 2, `${q}: both rows of Gráfico 10 point at the one partner`);
    }
  });

  it('records the ambiguities of the source in the record itself', async () => {
    const visits = await request(t.app, 'GET', '/api/actions?gad=1701&type=visit&q=Alcaldes%20Bolivia');
    const bolivia = visits.body.items[0];
    const detail = await request(t.app, 'GET', `/api/actions/${bolivia.id}`);
    assert.ok(detail.body.ambiguityNote, 'the year mismatch is noted');
    assert.ok(detail.body.details.delegates.length >= 5, 'a group visit keeps each delegate');
    assert.match(detail.body.sourceNote, /Gráfico 7/);
  });

  it('lists memberships with roles and activity level, and UCCI committee participations', async () => {
    const ucci = await request(t.app, 'GET', '/api/partners?q=UCCI');
    const detail = await request(t.app, 'GET', `/api/partners/${ucci.body.items[0].id}`);
    const kinds = new Set(detail.body.actions.map((a: { type: string }) => a.type));
    assert.ok(kinds.has('membership') && kinds.has('participation'));
    const membership = detail.body.actions.find((a: { type: string }) => a.type === 'membership');
    const record = await request(t.app, 'GET', `/api/actions/${membership.id}`);
    assert.ok(record.body.details.roles.length > 0, 'roles held in UCCI');
  });
});
