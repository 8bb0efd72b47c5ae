import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../testing/harness.ts';
import { assertProblem, request } from '../testing/http.ts';

let t: TestApp;
before(async () => { t = await startTestApp(); });
after(() => t.close());

const LIST_ENDPOINTS = ['/api/actions', '/api/gads', '/api/partners'];
const HOSTILE_QUERIES = [
  'limit=99999999999999999999', 'limit=1e400', 'limit=-1', 'offset=-5', 'offset=abc', 'limit=1&limit=2',
  'type=unknown', 'type[]=award', 'year=20x3', 'year=99999', 'country=ecu', 'partner=not-a-uuid',
  "q=' OR 1=1 --", 'q=%27%3B%20DROP%20TABLE%20gad%3B--', 'q=%FF%FE%FD', 'q=%C3%28', 'q=%E2%82', 'q=%ED%A0%80',
  'q=%', 'q=%zz', `q=${'x'.repeat(5000)}`, 'q=<script>alert(1)</script>', 'q=a%00b', 'level=planet',
  'gad=%00', 'gad=1701%27', 'parent=%27--', 'sort=random', 'q=!!!:*&|()', 'q=\\', 'theme=%27',
];

describe('hostile query strings', () => {
  for (const endpoint of LIST_ENDPOINTS) {
    it(`never make ${endpoint} fail with a 5xx, and every refusal is a problem document`, async () => {
      for (const query of HOSTILE_QUERIES) {
        const response = await request(t.app, 'GET', `${endpoint}?${query}`);
        assert.ok(response.status < 500, `${endpoint}?${query.slice(0, 60)} → ${response.status}`);
        if (response.status >= 400) assert.match(response.contentType, /problem\+json/, `${endpoint}?${query.slice(0, 60)}`);
      }
    });
  }

  it('names the offending field in a 400', async () => {
    assertProblem(await request(t.app, 'GET', '/api/actions?limit=99999'), 400, 'query.limit');
    assertProblem(await request(t.app, 'GET', '/api/actions?offset=-1'), 400, 'query.offset');
    assertProblem(await request(t.app, 'GET', '/api/actions?type=unknown'), 400, 'query.type');
    assertProblem(await request(t.app, 'GET', '/api/actions?q=a%00b'), 400, 'query.q');
  });

  it('treats SQL in a search as words to look for, and the data is untouched', async () => {
    const before = await request(t.app, 'GET', '/api/gads?limit=1');
    const response = await request(t.app, 'GET', "/api/actions?q=%27%3B%20DELETE%20FROM%20action%3B--");
    assert.equal(response.status, 200);
    assert.equal(response.body.total, 0);
    const afterwards = await request(t.app, 'GET', '/api/gads?limit=1');
    assert.equal(afterwards.body.total, before.body.total);
  });

  it('answers unknown records and malformed ids with 404 problems', async () => {
    for (const url of ['/api/actions/not-a-uuid', '/api/actions/00000000-0000-0000-0000-000000000000',
      '/api/partners/%27', '/api/nowhere']) {
      assertProblem(await request(t.app, 'GET', url), 404);
    }
    assertProblem(await request(t.app, 'GET', '/api/actions/%FF'), 400, 'url');
    assertProblem(await request(t.app, 'GET', `/api/gads/${'9'.repeat(150)}`), 400, 'params.id');
  });
});
