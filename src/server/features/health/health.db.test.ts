import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, testDatabaseKind, type TestApp } from '../../testing/harness.ts';
import { request } from '../../testing/http.ts';

let t: TestApp;
before(async () => { t = await startTestApp(); });
after(() => t.close());

it('reports ok and which database engine serves it', async () => {
  const health = await request(t.app, 'GET', '/api/health');
  assert.equal(health.status, 200);
  assert.deepEqual(health.body, { status: 'ok', database: testDatabaseKind() });
});

it('sends security headers with a Content-Security-Policy that allows no inline script', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/health' });
  const csp = String(response.headers['content-security-policy']);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
});
