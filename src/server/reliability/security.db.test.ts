import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../testing/harness.ts';
import { request, signIn } from '../testing/http.ts';

// The ASVS level-2 checks that no feature test covered yet; docs/SECURITY.md maps each requirement to its test.
let t: TestApp;
let now = new Date('2026-06-01T12:00:00Z');
const hours = (h: number) => { now = new Date(now.getTime() + h * 3600_000); };

before(async () => { t = await startTestApp({ clock: () => now, loginPerMinute: 1000 }); });
after(() => t.close());

it('ends a session after 8 idle hours (ASVS 3.3.2)', async () => {
  const session = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  hours(7.9);
  assert.equal((await request(t.app, 'GET', '/api/me', undefined, session.headers)).status, 200, 'still alive just before the idle limit');
  hours(7.9);
  assert.equal((await request(t.app, 'GET', '/api/me', undefined, session.headers)).status, 200, 'activity extends it');
  hours(8.1);
  assert.equal((await request(t.app, 'GET', '/api/me', undefined, session.headers)).status, 401, 'idle for more than 8 hours: gone');
});

it('ends a session 7 days after sign-in even when it is used all along (ASVS 3.3.1, 3.3.2)', async () => {
  const session = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  for (let day = 0; day < 6 * 4; day++) {
    hours(6.9);
    assert.equal((await request(t.app, 'GET', '/api/me', undefined, session.headers)).status, 200);
  }
  hours(6.9);
  hours(1);
  assert.equal((await request(t.app, 'GET', '/api/me', undefined, session.headers)).status, 401, 'past 7 days: gone');
});

it('refuses a session id that was valid for someone before sign-in (fixation) and after sign-out (ASVS 3.2.1, 3.3.1)', async () => {
  const first = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  const second = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  assert.notEqual(first.cookie, second.cookie);
  assert.equal((await request(t.app, 'POST', '/api/auth/logout', undefined, second.headers)).status < 300, true);
  assert.equal((await request(t.app, 'GET', '/api/me', undefined, second.headers)).status, 401);
  const forged = await request(t.app, 'GET', '/api/me', undefined, { cookie: 'glocal_session=attacker-chosen-value' });
  assert.equal(forged.status, 401);
});

it('stores passwords as argon2id hashes and session ids only as hashes (ASVS 2.4.1, 3.2.2)', async () => {
  const session = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  const user = await sql<{ password_hash: string }>`SELECT password_hash FROM app_user WHERE email = 'editor.quito@demo.glocal.ec'`.execute(t.database.db);
  assert.match(user.rows[0]!.password_hash, /^\$argon2id\$/);
  const sessionId = decodeURIComponent(session.cookie.split('=')[1]!);
  const tables = await sql<{ table_name: string; column_name: string }>`SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name LIKE '%session%' AND data_type IN ('text', 'character varying', 'bytea')`.execute(t.database.db);
  for (const { table_name, column_name } of tables.rows) {
    const found = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table_name)} WHERE ${sql.ref(column_name)}::text = ${sessionId}`.execute(t.database.db);
    assert.equal(found.rows[0]!.n, 0, `${table_name}.${column_name} holds the raw session id`);
  }
});

it('sends the security headers on API answers and on the web page: CSP without unsafe-inline, no framing, no sniffing, no referrer leak, HSTS (ASVS 14.4)', async () => {
  for (const url of ['/api/health', '/api/actions?limit=1', '/', '/gads']) {
    const response = await t.app.inject({ method: 'GET', url });
    const h = response.headers;
    const csp = String(h['content-security-policy']);
    assert.match(csp, /default-src 'self'/, url);
    assert.match(csp, /script-src 'self'(;|$)/, url);
    assert.match(csp, /object-src 'none'/, url);
    assert.match(csp, /frame-ancestors 'none'/, url);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
    assert.equal(h['x-content-type-options'], 'nosniff', url);
    assert.equal(h['x-frame-options'], 'SAMEORIGIN', url);
    assert.equal(h['referrer-policy'], 'no-referrer', url);
    assert.match(String(h['strict-transport-security']), /max-age=\d{7,}/, url);
    assert.equal(h['cross-origin-opener-policy'], 'same-origin', url);
    assert.equal(h['x-powered-by'], undefined, url);
  }
});

it('answers malformed JSON and unknown routes with a problem body that reveals no stack, path or SQL (ASVS 7.4.1)', async () => {
  const session = await signIn(t.app, 'editor.quito@demo.glocal.ec');
  const bad = await t.app.inject({ method: 'POST', url: '/api/actions', payload: '{"type": "agreement", "title": ', headers: { ...session.headers, 'content-type': 'application/json' } });
  assert.equal(bad.statusCode, 400);
  assert.match(String(bad.headers['content-type']), /application\/problem\+json/);
  const missing = await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
  assert.equal(missing.statusCode, 404);
  for (const body of [bad.body, missing.body]) assert.doesNotMatch(body, /\bat .*\.ts:\d+|\/work\/|node_modules|SELECT |syntax error at/i);
});
