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

/** Set after a write; while it lives, this browser's reads stay on the primary and see its own writes. */
export const WROTE_COOKIE = 'glocal_wrote';
export const READ_YOUR_WRITES_SECONDS = 10;

/**
 * The use-case context for one request: the database, the caller and the clock. Reads go to
 * the replica when there is one, unless this caller has just written something.
 */
export function ctxOf(request: FastifyRequest): Ctx {
  const { database } = request.server;
  const read = request.method === 'GET' || request.method === 'HEAD';
  const db = read && database.readDb && !request.cookies?.[WROTE_COOKIE] && request.headers['x-read-your-writes'] === undefined
    ? database.readDb
    : database.db;
  return { db, actor: request.actor, now: request.server.clock() };
}
