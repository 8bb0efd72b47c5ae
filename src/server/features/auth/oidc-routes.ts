import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE, SESSION_MAX_MS } from './sessions.ts';
import type { Oidc } from './oidc.ts';

const STATE_COOKIE = 'glocal_oidc_state';

export function oidcRoutes(oidc: Oidc | undefined): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/auth/oidc', {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Whether single sign-on is configured' },
    }, async () => ({ enabled: Boolean(oidc) }));
    if (!oidc) return;

    app.get('/api/auth/oidc/start', {
      config: { access: 'auth' },
      schema: { tags: ['auth'], summary: 'Start single sign-on: redirects to the identity provider' },
    }, async (request, reply) => {
      const { url, state } = await oidc.start(app.database.db, app.clock());
      // Binds the login to this browser, so a callback link planted by someone else is refused.
      reply.setCookie(STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', path: '/api/auth/oidc', maxAge: 600 });
      return reply.redirect(url);
    });

    app.get('/api/auth/oidc/callback', {
      config: { access: 'auth' },
      schema: { tags: ['auth'], summary: 'Where the identity provider sends the browser back', querystring: z.object({}).passthrough() },
    }, async (request, reply) => {
      const callbackUrl = new URL(request.url, app.publicUrl);
      const session = await oidc.finish(app.database.db, callbackUrl, request.cookies[STATE_COOKIE], app.clock());
      reply.clearCookie(STATE_COOKIE, { path: '/api/auth/oidc' });
      reply.setCookie(SESSION_COOKIE, session.sessionId, {
        httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', path: '/', maxAge: SESSION_MAX_MS / 1000,
      });
      return reply.redirect('/');
    });
  };
}
