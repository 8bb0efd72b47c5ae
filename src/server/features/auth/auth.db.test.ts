import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, freshDatabase, type TestApp } from '../../testing/harness.ts';
import { assertProblem, request, signIn, DEMO_PASSWORD } from '../../testing/http.ts';
import { startSmtpSink } from '../../mail/smtp-sink.ts';
import { smtpMailer } from '../../mail/mailer.ts';

let t: TestApp;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
before(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ mailer: smtpMailer(sink.url), publicUrl: 'http://glocal.test', loginPerMinute: 1000 });
});
after(async () => { await t.close(); await sink.close(); });

const QUITO_EDITOR = 'editor.quito@demo.glocal.ec';

describe('sign-in with a session cookie', () => {
  it('sets an HttpOnly, SameSite=Lax cookie and /api/me tells who, which role and which GAD', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: QUITO_EDITOR, password: DEMO_PASSWORD } });
    assert.equal(response.statusCode, 200);
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/, 'no Secure flag over plain HTTP');
    const me = await request(t.app, 'GET', '/api/me', undefined, { cookie: cookie.split(';')[0]! });
    assert.equal(me.body.role, 'gad_editor');
    assert.equal(me.body.gad.dpaCode, '1701');
    assert.equal(typeof me.body.csrfToken, 'string');
  });

  it('marks the cookie Secure behind TLS', async () => {
    const response = await t.app.inject({
      method: 'POST', url: '/api/auth/login', payload: { email: QUITO_EDITOR, password: DEMO_PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.match(String(response.headers['set-cookie']), /Secure/);
  });

  it('gives a new session id at every sign-in, and sign-out ends the session', async () => {
    const first = await signIn(t.app, QUITO_EDITOR);
    const second = await signIn(t.app, QUITO_EDITOR);
    assert.notEqual(first.cookie, second.cookie);
    const out = await request(t.app, 'POST', '/api/auth/logout', {}, second.headers);
    assert.equal(out.status, 200);
    assertProblem(await request(t.app, 'GET', '/api/me', undefined, { cookie: second.cookie }), 401);
    assert.equal((await request(t.app, 'GET', '/api/me', undefined, { cookie: first.cookie })).status, 200);
  });

  it('refuses a wrong password with a 401 naming the field, and locks the account after five', async () => {
    const email = 'viewer.quito@demo.glocal.ec';
    for (let i = 0; i < 5; i++) {
      assertProblem(await request(t.app, 'POST', '/api/auth/login', { email, password: 'wrong-password' }), 401, 'body.password');
    }
    const locked = await request(t.app, 'POST', '/api/auth/login', { email, password: DEMO_PASSWORD });
    assertProblem(locked, 429);
    assert.ok(locked.body.lockedUntil);
  });

  it('names the invalid fields of a malformed login', async () => {
    assertProblem(await request(t.app, 'POST', '/api/auth/login', { email: 'not-an-email' }), 422, 'body.email');
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const session = await signIn(t.app, QUITO_EDITOR);
    const withoutToken = await request(t.app, 'PATCH', '/api/me', { locale: 'en' }, { cookie: session.cookie });
    assertProblem(withoutToken, 403, 'header.x-csrf-token');
    const withToken = await request(t.app, 'PATCH', '/api/me', { locale: 'en' }, session.headers);
    assert.equal(withToken.status, 200);
    assert.equal(withToken.body.locale, 'en');
  });

  it('rate-limits repeated sign-in attempts', async () => {
    const limited = await startTestApp({ database: await freshDatabase(), loginPerMinute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await request(limited.app, 'POST', '/api/auth/login', { email: 'nobody@example.org', password: 'x' })).status);
    }
    await limited.close();
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
  });
});

describe('demo accounts', () => {
  it('are refused in production mode', async () => {
    const production = await startTestApp({ database: await freshDatabase(), production: true });
    const response = await request(production.app, 'POST', '/api/auth/login', { email: QUITO_EDITOR, password: DEMO_PASSWORD });
    await production.close();
    assertProblem(response, 401);
  });
});

describe('personal API tokens', () => {
  it('are shown once, work as Bearer tokens, respect their scope and can be revoked', async () => {
    const session = await signIn(t.app, QUITO_EDITOR);
    const created = await request(t.app, 'POST', '/api/me/tokens', { name: 'script', scopes: ['read'] }, session.headers);
    assert.equal(created.status, 201);
    assert.match(created.body.token, /^glc_/);
    const bearer = { authorization: `Bearer ${created.body.token}` };
    assert.equal((await request(t.app, 'GET', '/api/me', undefined, bearer)).body.email, QUITO_EDITOR);
    assertProblem(await request(t.app, 'PATCH', '/api/me', { locale: 'pt' }, bearer), 403);
    const listed = await request(t.app, 'GET', '/api/me/tokens', undefined, session.headers);
    assert.ok(listed.body.items.every((tok: Record<string, unknown>) => !('token' in tok) && !('tokenHash' in tok)));
    await request(t.app, 'DELETE', `/api/me/tokens/${created.body.id}`, undefined, session.headers);
    assertProblem(await request(t.app, 'GET', '/api/me', undefined, bearer), 401);
  });
});

describe('password reset by email', () => {
  it('emails a one-time link through SMTP; the token sets a new password once and ends old sessions', async () => {
    const email = 'analista.ame@demo.glocal.ec';
    const old = await signIn(t.app, email);
    const before = sink.messages.length;
    const asked = await request(t.app, 'POST', '/api/auth/password-reset', { email });
    assert.equal(asked.status, 202);
    const unknown = await request(t.app, 'POST', '/api/auth/password-reset', { email: 'nobody@example.org' });
    assert.equal(unknown.status, 202, 'the answer does not reveal whether an account exists');
    assert.equal(sink.messages.length, before + 1);
    const mail = sink.messages.at(-1)!;
    assert.deepEqual(mail.to, [email]);
    assert.match(mail.subject, /restablecer su contraseña/);
    const token = decodeURIComponent(mail.text.match(/token=([^\s]+)/)![1]!);
    const confirmed = await request(t.app, 'POST', '/api/auth/password-reset/confirm', { token, password: 'a much longer new passphrase' });
    assert.equal(confirmed.status, 200);
    assertProblem(await request(t.app, 'POST', '/api/auth/password-reset/confirm', { token, password: 'yet another passphrase' }), 422, 'body.token');
    assertProblem(await request(t.app, 'GET', '/api/me', undefined, { cookie: old.cookie }), 401);
    await signIn(t.app, email, 'a much longer new passphrase');
  });
});

describe('invitations', () => {
  it('lets a GAD admin invite a colleague, who accepts by email and becomes an editor of that GAD', async () => {
    const admin = await signIn(t.app, 'admin.quito@demo.glocal.ec');
    const invited = await request(t.app, 'POST', '/api/invitations', { email: 'nueva.editora@quito.gob.ec', role: 'gad_editor' }, admin.headers);
    assert.equal(invited.status, 201);
    const mail = sink.messages.find((m) => m.to.includes('nueva.editora@quito.gob.ec'))!;
    assert.match(mail.subject, /Distrito Metropolitano de Quito/);
    const token = decodeURIComponent(mail.text.match(/token=([^\s]+)/)![1]!);
    const accepted = await request(t.app, 'POST', '/api/invitations/accept', { token, displayName: 'Nueva Editora', password: 'una clave bastante larga' });
    assert.equal(accepted.status, 201);
    const session = await signIn(t.app, 'nueva.editora@quito.gob.ec', 'una clave bastante larga');
    const me = await request(t.app, 'GET', '/api/me', undefined, session.headers);
    assert.equal(me.body.role, 'gad_editor');
    assert.equal(me.body.gad.dpaCode, '1701');
    const users = await request(t.app, 'GET', '/api/users', undefined, admin.headers);
    assert.ok(users.body.items.some((u: { email: string }) => u.email === 'nueva.editora@quito.gob.ec'));
  });

  it('is only for GAD admins', async () => {
    const editor = await signIn(t.app, QUITO_EDITOR);
    assertProblem(await request(t.app, 'POST', '/api/invitations', { email: 'x@example.org', role: 'gad_editor' }, editor.headers), 403);
  });
});
