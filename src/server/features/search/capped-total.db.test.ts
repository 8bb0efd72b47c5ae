import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../testing/harness.ts';
import { request, signIn, type Session } from '../../testing/http.ts';
import { EXACT_COUNT_LIMIT } from '../actions/queries.ts';

// Past EXACT_COUNT_LIMIT matches, lists and searches say "more than" instead of counting every row.
const PUBLIC = EXACT_COUNT_LIMIT - 100;
const OWN = 300;

let t: TestApp;
let quito: Session;
before(async () => {
  t = await startTestApp({ loginPerMinute: 10_000 });
  quito = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  // Quito's actions of 2040 mention "zumbaqueta": PUBLIC of them public, OWN visible to Quito only.
  await sql`INSERT INTO action (gad_id, type, title, start_date, visibility, country_code)
    SELECT (SELECT id FROM gad WHERE dpa_code = '1701'), 'participation', 'Feria zumbaqueta ' || n,
      make_date(2040, 1, 1) + (n % 300), CASE WHEN n <= ${PUBLIC} THEN 'public' ELSE 'own' END, 'ES'
    FROM generate_series(1, ${PUBLIC + OWN}) n`.execute(t.database.db);
});
after(() => t.close());

const get = (url: string, session?: Session) => request(t.app, 'GET', url, undefined, session?.headers ?? {});

describe('capped totals', () => {
  it('counts exactly up to the bound, and never counts rows the caller cannot read towards it', async () => {
    const anonymous = await get('/api/actions?q=zumbaqueta');
    assert.equal(anonymous.status, 200);
    assert.equal(anonymous.body.total, PUBLIC, 'the hidden actions do not push the public count over the bound');
    assert.equal(anonymous.body.totalIsLowerBound, false);
    assert.deepEqual(anonymous.body.facets.type, { participation: PUBLIC });
    const search = await get('/api/search?q=zumbaqueta');
    assert.equal(search.body.total, PUBLIC);
    assert.equal(search.body.totalIsLowerBound, false);
  });

  it('tells a user who can read more than the bound that there are "more than" that many', async () => {
    for (const url of ['/api/actions?q=zumbaqueta', '/api/actions?year=2040', '/api/search?q=zumbaqueta']) {
      const found = await get(url, quito);
      assert.equal(found.status, 200, url);
      assert.equal(found.body.total, EXACT_COUNT_LIMIT, url);
      assert.equal(found.body.totalIsLowerBound, true, url);
      assert.equal(found.body.items.length, 20, url);
      const counted = Object.values(found.body.facets.type as Record<string, number>).reduce((a, b) => a + b, 0);
      assert.ok(counted >= EXACT_COUNT_LIMIT && counted <= PUBLIC + OWN, `${url}: facets count the bounded set (${counted})`);
    }
  });

  it('keeps the date order of the whole list on the first and on a deep page', async () => {
    const first = await get('/api/actions?year=2040&limit=50', quito);
    const dates = first.body.items.map((a: { startDate: string }) => a.startDate);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.equal(dates[0], '2040-10-26', 'the newest action of the year comes first');
    const last = await get(`/api/actions?year=2040&limit=50&offset=${PUBLIC + OWN - 50}`, quito);
    assert.equal(last.body.total, PUBLIC + OWN, 'a page past the bound is counted exactly up to its end');
    assert.equal(last.body.totalIsLowerBound, false);
    assert.equal(last.body.items.at(-1).startDate, '2040-01-01');
  });

  it('counts a list without words exactly for a caller who can read fewer than the bound', async () => {
    const anonymous = await get('/api/actions?year=2040&gad=1701');
    assert.equal(anonymous.body.total, PUBLIC);
    assert.equal(anonymous.body.totalIsLowerBound, false);
    assert.deepEqual(anonymous.body.facets.country, { ES: PUBLIC });
  });
});
