import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { AppError } from '../../http/app-error.ts';
import { login } from './login.ts';
import { deleteSession } from './queries.ts';
import { SESSION_COOKIE, SESSION_MAX_MS } from './sessions.ts';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.ts';
import { acceptInvitation, inviteUser } from './invitations.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { getMe, listUsers, presentUser, updateMe } from './me.ts';
import { requireGadAdmin, requireUser } from './policy.ts';
import {
  acceptInvitationBody, apiTokenBody, invitationBody, loginBody, passwordResetConfirmBody, passwordResetRequestBody, profileBody,
} from './schema.ts';

const ok = z.object({ ok: z.literal(true) });

/** Only cookie sessions need a CSRF token; API tokens and anonymous callers have none. */
const csrfTokenOf = (request: FastifyRequest) => (request.auth.via === 'session' ? request.auth.csrfToken : null);

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(rateLimit, { global: false });
  const loginLimit = {
    max: app.limits.loginPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request: { ip: string; body?: unknown }) =>
      `${request.ip}:${String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
  };

  app.post('/api/auth/login', {
    config: { rateLimit: loginLimit, access: 'auth' },
    schema: { tags: ['auth'], summary: 'Sign in with email and password; sets the session cookie', body: loginBody },
  }, async (request, reply) => {
    const ctx = ctxOf(request);
    const session = await login(ctx.db, request.body, ctx.now, app.production);
    reply.setCookie(SESSION_COOKIE, session.sessionId, {
      httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', path: '/', maxAge: SESSION_MAX_MS / 1000,
    });
    return { user: await presentUser(ctx, session.user), csrfToken: session.csrfToken };
  });

  app.post('/api/auth/logout', { config: { access: 'signed_in' }, schema: { tags: ['auth'], summary: 'End the current session' } }, async (request, reply) => {
    if (request.auth.via === 'session') await deleteSession(app.database.db, request.auth.sessionHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/api/me', { config: { access: 'signed_in' }, schema: { tags: ['auth'], summary: 'The signed-in user, role, GAD and CSRF token' } }, async (request) => {
    return { ...await getMe(ctxOf(request)), csrfToken: csrfTokenOf(request) };
  });

  // The web UI asks this on every page: an anonymous visitor is an answer, not an error, so the
  // browser logs no failed request for people who simply have not signed in.
  app.get('/api/auth/session', { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'Who is signed in, if anyone: the user (or null) and the CSRF token' } }, async (request) => {
    const ctx = ctxOf(request);
    if (ctx.actor.kind === 'anonymous') return { user: null, csrfToken: null };
    return { user: await getMe(ctx), csrfToken: csrfTokenOf(request) };
  });

  app.patch('/api/me', { config: { access: 'signed_in' }, schema: { tags: ['auth'], summary: 'Update own profile and language', body: profileBody } },
    (request) => updateMe(ctxOf(request), request.body));

  app.post('/api/auth/password-reset', {
    config: { rateLimit: loginLimit, access: 'auth' },
    schema: { tags: ['auth'], summary: 'Email a one-time password reset link', body: passwordResetRequestBody, response: { 202: ok } },
  }, async (request, reply) => {
    const ctx = ctxOf(request);
    await requestPasswordReset(ctx.db, app.mailer, request.body.email, ctx.now, app.publicUrl);
    return reply.code(202).send({ ok: true });
  });

  app.post('/api/auth/password-reset/confirm', {
    config: { access: 'auth' }, schema: { tags: ['auth'], summary: 'Set a new password with the emailed token', body: passwordResetConfirmBody },
  }, async (request) => {
    const ctx = ctxOf(request);
    await confirmPasswordReset(ctx.db, request.body.token, request.body.password, ctx.now);
    return { ok: true as const };
  });

  app.get('/api/users', { config: { access: 'admin' }, schema: { tags: ['admin'], summary: 'Users and invitations of the admin’s GAD (all, for a platform admin)' } },
    async (request) => {
      const actor = requireUser(request.actor);
      if (actor.role !== 'platform_admin') requireGadAdmin(actor);
      return listUsers(ctxOf(request));
    });

  app.post('/api/invitations', { config: { access: 'gad_admin' }, schema: { tags: ['admin'], summary: 'Invite someone to the admin’s GAD', body: invitationBody } },
    async (request, reply) => reply.code(201).send(await inviteUser(ctxOf(request), app.mailer, app.publicUrl, request.body)));

  app.post('/api/invitations/accept', {
    config: { rateLimit: loginLimit, access: 'auth' },
    schema: { tags: ['auth'], summary: 'Accept an invitation and create the account', body: acceptInvitationBody },
  }, async (request, reply) => reply.code(201).send(await acceptInvitation(ctxOf(request), request.body)));

  app.get('/api/me/tokens', { config: { access: 'signed_in' }, schema: { tags: ['auth'], summary: 'Own API tokens (never the secrets)' } },
    (request) => listApiTokens(ctxOf(request)));
  app.post('/api/me/tokens', { config: { access: 'signed_in' }, schema: { tags: ['auth'], summary: 'Create a personal API token; the secret is shown once', body: apiTokenBody } },
    async (request, reply) => {
      if (request.auth.via === 'token') throw new AppError('forbidden', 'An API token cannot create API tokens');
      return reply.code(201).send(await createApiToken(ctxOf(request), request.body));
    });
  app.delete('/api/me/tokens/:id', { config: { access: 'signed_in' }, schema: { tags: ['auth'], summary: 'Revoke an API token', params: z.object({ id: z.string().max(100) }) } },
    async (request) => {
      await revokeApiToken(ctxOf(request), request.params.id);
      return { ok: true as const };
    });
};
