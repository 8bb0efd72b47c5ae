import * as client from 'openid-client';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/app-error.ts';
import { openSession } from './sessions.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Only for a provider on localhost in tests; production issuers are https. */
  allowInsecure?: boolean;
}

const LOGIN_TTL_MS = 10 * 60_000;

export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv, publicUrl: string): OidcSettings | undefined {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID) return undefined;
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET ?? '',
    redirectUri: env.OIDC_REDIRECT_URI ?? `${publicUrl}/api/auth/oidc/callback`,
  };
}

/** Single sign-on through any OpenID Connect provider, with openid-client (PKCE, state and nonce). */
export function createOidc(settings: OidcSettings) {
  let configuration: Promise<client.Configuration> | undefined;
  const discover = () =>
    (configuration ??= client.discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined,
      settings.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined).catch((error) => {
      configuration = undefined;
      throw error;
    }));

  return {
    /** The provider URL to send the browser to; the login's secrets stay in the database for whichever instance gets the callback. */
    async start(db: Db, now: Date): Promise<{ url: string; state: string }> {
      const config = await discover();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      await sql`DELETE FROM oidc_login WHERE created_at < ${new Date(now.getTime() - LOGIN_TTL_MS)}`.execute(db);
      await sql`INSERT INTO oidc_login (state, code_verifier, nonce, created_at) VALUES (${state}, ${codeVerifier}, ${nonce}, ${now})`.execute(db);
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state };
    },

    /** Exchanges the code, then signs in the account linked to the subject or, once, to the verified email. */
    async finish(db: Db, callbackUrl: URL, browserState: string | undefined, now: Date) {
      const state = callbackUrl.searchParams.get('state') ?? '';
      if (!browserState || browserState !== state) throw new AppError('bad_request', 'This sign-in did not start in this browser');
      const pending = await sql<{ code_verifier: string; nonce: string }>`
        DELETE FROM oidc_login WHERE state = ${state} AND created_at > ${new Date(now.getTime() - LOGIN_TTL_MS)}
        RETURNING code_verifier, nonce`.execute(db);
      const login = pending.rows[0];
      if (!login) throw new AppError('bad_request', 'This sign-in has expired; start again');
      const config = await discover();
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: login.code_verifier, expectedState: state, expectedNonce: login.nonce,
      });
      const claims = tokens.claims();
      if (!claims) throw new AppError('unauthenticated', 'The provider sent no identity');
      // Many providers put the email only in the userinfo response, not in the ID token.
      const profile = claims.email ? claims : await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      const user = await linkAccount(db, String(claims.sub), profile.email_verified === true ? String(profile.email ?? '') : '');
      return openSession(db, user.id, now);
    },
  };
}

async function linkAccount(db: Db, subject: string, verifiedEmail: string) {
  const bySubject = await sql<{ id: string }>`SELECT id FROM app_user WHERE oidc_subject = ${subject} AND disabled_at IS NULL`.execute(db);
  if (bySubject.rows[0]) return bySubject.rows[0];
  // Accounts exist only by invitation: SSO signs in an invited person, it does not create strangers.
  const byEmail = verifiedEmail
    ? await sql<{ id: string }>`UPDATE app_user SET oidc_subject = ${subject}
        WHERE email = ${verifiedEmail.toLowerCase()} AND oidc_subject IS NULL AND disabled_at IS NULL AND NOT is_demo RETURNING id`.execute(db)
    : { rows: [] };
  if (!byEmail.rows[0]) throw new AppError('forbidden', 'No Glocal account for this identity; ask your GAD admin for an invitation');
  return byEmail.rows[0];
}

export type Oidc = ReturnType<typeof createOidc>;
