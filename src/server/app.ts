import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Database } from './db/database.ts';
import cookie from '@fastify/cookie';
import { logMailer, type Mailer } from './mail/mailer.ts';
import { installAuthentication } from './features/auth/authenticate.ts';
import { authRoutes } from './features/auth/routes.ts';
import { oidcRoutes } from './features/auth/oidc-routes.ts';
import { createOidc, type OidcSettings } from './features/auth/oidc.ts';
import { installErrorHandling, problemOf } from './http/problem.ts';
import { AppError } from './http/app-error.ts';
import { installInputGuards } from './http/input-guards.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { installAccessRules } from './http/access.ts';
import { READ_YOUR_WRITES_SECONDS, WROTE_COOKIE } from './http/context.ts';
import { healthRoutes } from './features/health/routes.ts';
import { gadRoutes } from './features/gads/routes.ts';
import { actionRoutes } from './features/actions/routes.ts';
import { partnerRoutes } from './features/partners/routes.ts';
import { partnerMatchRoutes } from './features/partners/match-routes.ts';
import { importRoutes } from './features/imports/routes.ts';
import { referenceRoutes } from './features/reference/routes.ts';
import { commitmentRoutes } from './features/commitments/routes.ts';
import { lessonRoutes } from './features/lessons/routes.ts';
import { knowledgeRoutes } from './features/knowledge/routes.ts';
import { planRoutes } from './features/plans/routes.ts';
import { analyticsRoutes } from './features/analytics/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { followUpRoutes } from './features/followup/routes.ts';
import { reportingRoutes } from './features/reporting/routes.ts';
import { exportRoutes } from './features/exports/routes.ts';
import { createFollowUpScheduler } from './features/followup/scheduler.ts';
import { createRollupTicker } from './rollups/ticker.ts';
import type { ReceivedMail } from './mail/smtp-sink.ts';
import { createWorker } from './jobs/worker.ts';
import { jobHandlers } from './jobs/handlers.ts';
import { documentSettingsFromEnv, type DocumentSettings } from './storage/settings.ts';
import { documentRoutes } from './features/documents/routes.ts';
import { startOrphanSweep } from './features/documents/sweep-orphans.ts';
import { searchRoutes } from './features/search/routes.ts';

function errorWithoutData(error: Error & { code?: string; detail?: string }) {
  return { type: error.name, message: error.message, code: error.code, stack: error.stack ?? "" };
}

export const WEB_DIST = join(import.meta.dirname, '../../dist/web');

export interface AppOptions {
  database: Database;
  clock?: () => Date;
  mailer?: Mailer;
  /** Demo mode: the in-process SMTP sink's messages, readable by admins at /api/admin/outbox. */
  outbox?: { messages: ReceivedMail[] };
  publicUrl?: string;
  production?: boolean;
  loginPerMinute?: number;
  /** Single sign-on; off unless configured. */
  oidc?: OidcSettings;
  /** Poll the job table on a timer; tests leave it off and call app.worker.drain(). */
  startWorker?: boolean;
  logLevel?: string;
  logFile?: string;
  /** Document storage (local or S3) and upload limits; from the environment unless given. */
  documents?: DocumentSettings;
  /** What the app closes after its worker, timers and sweeps have stopped (the database, the mail transport). */
  closeLast?: (() => Promise<void> | void)[];
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? process.env.LOG_LEVEL ?? 'info',
      // Credentials never reach a log line, whatever the route.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token'],
      ...(options.logFile ? { file: options.logFile } : {}),
      // A database error carries the query's parameters: record texts that must not be copied into logs.
      serializers: { err: errorWithoutData },
    },
    trustProxy: true,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    // Malformed URLs and headers are refused by Fastify before any route; they get the same problem body.
    frameworkErrors: (error, _request, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      reply.code(400).type('application/problem+json').send(problemOf(new AppError('bad_request', error.message, [{ field: 'url', message: error.message }])));
    },
  });
  // Fastify runs onClose hooks last registered first: registered before any other, this one runs after them all,
  // so a job or sweep still running when the app closes finishes with its database.
  app.addHook('onClose', async () => { for (const close of options.closeLast ?? []) await close(); });
  app.decorate('database', options.database);
  app.decorate('clock', options.clock ?? (() => new Date()));
  app.decorate('mailer', options.mailer ?? logMailer((message) => app.log.info(message)));
  app.decorate('outbox', options.outbox ?? null);
  app.decorate('publicUrl', options.publicUrl ?? 'http://localhost:8080');
  app.decorate('production', options.production ?? false);
  app.decorate('limits', { loginPerMinute: options.loginPerMinute ?? 10 });
  app.decorate('documents', options.documents ?? documentSettingsFromEnv());
  app.decorateRequest('actor', null as never);
  await app.register(cookie);
  installAuthentication(app);
  if (options.database.readDb) {
    app.addHook('onSend', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) {
        reply.setCookie(WROTE_COOKIE, '1', { path: '/', httpOnly: true, sameSite: 'lax', maxAge: READ_YOUR_WRITES_SECONDS });
      }
    });
  }
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installInputGuards(app);
  installAccessRules(app);

  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Glocal API',
        version: '0.1.0',
        description: 'The international relations of Ecuador’s local governments (GADs): actions, partners, commitments and more.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: '/' }],
    },
    transform: jsonSchemaTransform,
  });

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(oidcRoutes(options.oidc ? createOidc(options.oidc) : undefined));
  await app.register(referenceRoutes);
  await app.register(gadRoutes);
  await app.register(actionRoutes);
  await app.register(partnerMatchRoutes);
  await app.register(partnerRoutes);
  await app.register(importRoutes);
  await app.register(commitmentRoutes);
  await app.register(lessonRoutes);
  await app.register(knowledgeRoutes);
  await app.register(planRoutes);
  await app.register(analyticsRoutes);
  await app.register(auditRoutes);
  await app.register(documentRoutes(app.documents));
  await app.register(searchRoutes);
  await app.register(followUpRoutes);
  await app.register(reportingRoutes);
  await app.register(exportRoutes);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (existsSync(WEB_DIST)) await serveWebApp(app);
  const worker = createWorker(options.database.db, jobHandlers(app), app.clock, (message, error) => app.log.warn({ err: error }, message));
  app.decorate('worker', worker);
  app.addHook('onClose', () => worker.stop());
  if (options.startWorker) worker.start();
  if (options.startWorker) {
    const sweep = startOrphanSweep(options.database.db, app.documents, app.clock, (message, error) => app.log.warn({ err: error }, message));
    app.addHook('onClose', () => sweep.stop());
  }
  // Every instance ticks; the day's follow-up run is one job keyed by the date, so it runs once.
  const followUp = createFollowUpScheduler(options.database.db, app.clock, (message, error) => app.log.warn({ err: error }, message));
  app.decorate('followUpScheduler', followUp);
  app.addHook('onClose', async () => followUp.stop());
  if (options.startWorker) followUp.start();
  // Likewise every instance ticks the rollup refresh; one job per 15 s bucket runs it.
  const rollupTicker = createRollupTicker(options.database.db, app.clock, (message, error) => app.log.warn({ err: error }, message));
  app.decorate('rollupTicker', rollupTicker);
  app.addHook('onClose', async () => rollupTicker.stop());
  if (options.startWorker) rollupTicker.start();
  return app;
}

async function serveWebApp(app: FastifyInstance) {
  await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: ['index.html'] });
  // Client-side routes (/gads/1701, /actions/…) all load the single-page app.
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api/')) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
}
