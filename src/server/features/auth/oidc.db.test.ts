import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { freshDatabase } from '../../testing/harness.ts';
import type { Database } from '../../db/database.ts';
import type { FastifyInstance } from 'fastify';
import { freePort } from '../../../../scripts/postgres-cluster.ts';

/** A real OpenID Connect provider (panva's oidc-provider) on localhost, with its development login form. */
let providerServer: Server;
let app: FastifyInstance;
let database: Database;
let appUrl: string;

const IDENTITIES: Record<string, { email: string; verified: boolean }> = {
  'sso-ana': { email: 'ana.sso@quito.gob.ec', verified: true },
  'sso-stranger': { email: 'stranger@example.org', verified: true },
};

before(async () => {
  database = await freshDatabase();
  const appPort = await freePort();
  appUrl = `http://127.0.0.1:${appPort}`;
  const providerPort = await freePort();
  const issuer = `http://127.0.0.1:${providerPort}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'glocal', client_secret: 'a-test-client-secret', redirect_uris: [`${appUrl}/api/auth/oidc/callback`] }],
    cookies: { keys: ['test-cookie-key'] },
    claims: { email: ['email', 'email_verified'] },
    async findAccount(_ctx, id) {
      const identity = IDENTITIES[id];
      if (!identity) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, email: identity.email, email_verified: identity.verified }) };
    },
  });
  providerServer = provider.listen(providerPort);
  await sql`INSERT INTO app_user (email, display_name, role, gad_id)
    VALUES ('ana.sso@quito.gob.ec', 'Ana', 'gad_editor', (SELECT id FROM gad WHERE dpa_code = '1701'))`.execute(database.db);
  app = await buildApp({
    database, logLevel: 'warn', publicUrl: appUrl,
    oidc: { issuer, clientId: 'glocal', clientSecret: 'a-test-client-secret', redirectUri: `${appUrl}/api/auth/oidc/callback`, allowInsecure: true },
  });
  await app.listen({ port: appPort, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await database.close();
  providerServer.close();
});

/** A browser in miniature: follows redirects by hand and keeps cookies per host. */
function browser() {
  const jars = new Map<string, Map<string, string>>();
  const cookieHeader = (url: URL) => [...(jars.get(url.host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  async function go(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const response = await fetch(target, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: cookieHeader(target) } });
    const jar = jars.get(target.host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      jar.set(name!.trim(), value.join('='));
    }
    jars.set(target.host, jar);
    return response;
  }
  async function follow(url: string, init: RequestInit = {}): Promise<Response> {
    let response = await go(url, init);
    let current = url;
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
      current = new URL(response.headers.get('location')!, current).href;
      if (current.startsWith(appUrl) && !current.includes('/api/')) return response;
      response = await go(current);
    }
    return Object.assign(response, { finalUrl: current });
  }
  return { go, follow, cookie: (host: string, name: string) => jars.get(host)?.get(name) };
}

async function signInThroughProvider(login: string) {
  const b = browser();
  let page = await b.follow(`${appUrl}/api/auth/oidc/start`);
  for (const prompt of ['login', 'consent']) {
    const html = await page.text();
    const action = html.match(/action="([^"]+)"/)?.[1];
    assert.ok(action, `the provider shows its ${prompt} form`);
    const formUrl = new URL(action.replaceAll('&amp;', '&'), (page as Response & { finalUrl: string }).finalUrl).href;
    page = await b.follow(formUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt, login, password: 'any' }).toString(),
    });
    if (page.status >= 300 && page.status < 400) break;
  }
  return { final: page, b };
}

it('signs an invited user in through an OpenID Connect provider, and links the account to the subject', async () => {
  const { final, b } = await signInThroughProvider('sso-ana');
  assert.equal(final.status, 302);
  assert.equal(final.headers.get('location'), '/');
  const session = b.cookie(new URL(appUrl).host, 'glocal_session');
  assert.ok(session, 'a session cookie was set');
  const me = await fetch(`${appUrl}/api/me`, { headers: { cookie: `glocal_session=${session}` } });
  const body = await me.json() as { email: string; role: string };
  assert.equal(body.email, 'ana.sso@quito.gob.ec');
  assert.equal(body.role, 'gad_editor');
  const linked = await sql<{ oidc_subject: string }>`SELECT oidc_subject FROM app_user WHERE email = 'ana.sso@quito.gob.ec'`.execute(database.db);
  assert.equal(linked.rows[0]!.oidc_subject, 'sso-ana');
});

it('refuses an identity that has no invitation, with a problem and no session', async () => {
  const { final, b } = await signInThroughProvider('sso-stranger');
  assert.equal(final.status, 403);
  assert.match(final.headers.get('content-type') ?? '', /problem\+json/);
  assert.equal(b.cookie(new URL(appUrl).host, 'glocal_session'), undefined);
});

it('refuses a callback that did not start in this browser', async () => {
  const response = await fetch(`${appUrl}/api/auth/oidc/callback?code=stolen&state=someone-elses`, { redirect: 'manual' });
  assert.equal(response.status, 400);
});
