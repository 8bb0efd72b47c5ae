import type { FastifyRequest } from 'fastify';
import type { Actor, Ctx } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Worker } from '../jobs/worker.ts';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    clock: () => Date;
    mailer: Mailer;
    /** Base URL for links in emails. */
    publicUrl: string;
    production: boolean;
    limits: { loginPerMinute: number };
    worker: Worker;
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

/** The use-case context for one request: the database, the caller and the clock. */
export function ctxOf(request: FastifyRequest): Ctx {
  return { db: request.server.database.db, actor: request.actor, now: request.server.clock() };
}
