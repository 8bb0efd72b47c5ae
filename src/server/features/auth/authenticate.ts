import type { FastifyInstance, FastifyRequest } from 'fastify';
import { anonymous } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { actorOfUser } from './actor-of-user.ts';
import { selectUserByApiToken, selectUserBySession, touchSession } from './queries.ts';
import { sameSecret, sha256 } from './secrets.ts';
import { SESSION_COOKIE, SESSION_IDLE_MS, SESSION_MAX_MS } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    auth: { via: 'none' } | { via: 'session'; sessionHash: string; csrfToken: string } | { via: 'token'; scopes: string[] };
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Writing last_seen_at on every request would turn every read into a write.
const TOUCH_EVERY_MS = 5 * 60_000;

async function fromToken(request: FastifyRequest, token: string) {
  const now = request.server.clock();
  const user = await selectUserByApiToken(request.server.database.db, sha256(token), now);
  if (!user) throw new AppError('unauthenticated', 'The API token is unknown, expired or revoked');
  if (!SAFE_METHODS.has(request.method) && !user.scopes.includes('write')) {
    throw new AppError('forbidden', 'This API token may only read');
  }
  request.actor = actorOfUser(user);
  request.auth = { via: 'token', scopes: user.scopes };
}

async function fromSession(request: FastifyRequest, sessionId: string) {
  const now = request.server.clock();
  const db = request.server.database.db;
  const sessionHash = sha256(sessionId);
  const user = await selectUserBySession(db, sessionHash, now);
  if (!user) return;
  // Cookies ride along on cross-site requests; a write must also prove it read the CSRF token.
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers['x-csrf-token'];
    if (typeof header !== 'string' || !sameSecret(header, user.csrf_token)) {
      throw new AppError('forbidden', 'Missing or wrong X-CSRF-Token header', [{ field: 'header.x-csrf-token', message: 'Send the csrfToken from GET /api/me' }]);
    }
  }
  if (now.getTime() - user.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await touchSession(db, sessionHash, now, new Date(now.getTime() + SESSION_IDLE_MS), SESSION_MAX_MS / 1000);
  }
  request.actor = actorOfUser(user);
  request.auth = { via: 'session', sessionHash, csrfToken: user.csrf_token };
}

export function installAuthentication(app: FastifyInstance) {
  app.decorateRequest('auth', null as never);
  app.addHook('onRequest', async (request) => {
    request.actor = anonymous;
    request.auth = { via: 'none' };
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) return fromToken(request, authorization.slice(7).trim());
    const sessionId = request.cookies?.[SESSION_COOKIE];
    if (sessionId) await fromSession(request, sessionId);
  });
}
