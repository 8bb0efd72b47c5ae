import type { FastifyInstance } from 'fastify';
import { AppError } from './app-error.ts';

/**
 * Every API route declares who it is for. The authorization matrix test reads these from the
 * route table, so a new route cannot ship without saying, and being tested for, who may call it.
 */
export type Access =
  | 'public' // anyone; no tenant-owned record named in the URL
  | 'auth' // sign-in, reset and invitation flows: anyone, proven by a secret in the body
  | 'signed_in' // any signed-in user, about themselves
  | 'record_read' // a record named in the URL, readable as its visibility says
  | 'record_write' // change or delete that record: editors of its GAD
  | 'record_vote' // mark a record readable by the caller (a lesson useful): users of another GAD only
  | 'record_restore' // bring back a deleted record: admins of its GAD
  | 'record_approve' // approve a record the caller can read (a plan version): admins of its GAD
  | 'create' // new record in the caller's GAD
  | 'partner_write' // shared partners: any GAD editor
  | 'partner_admin' // merges: admins
  | 'gad_admin' // a GAD's users and invitations
  | 'analyst' // national views comparing GADs: central and association analysts, and platform admins
  | 'admin'; // platform admin everywhere, a GAD admin within its GAD (audit log, deleted records, users)

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every API route with its declared access, for the authorization matrix and the docs. */
    routeTable: { method: string; url: string; access: Access }[];
  }
}

const OPEN_WRITES: Access[] = ['auth'];

export function installAccessRules(app: FastifyInstance) {
  const table: FastifyInstance['routeTable'] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url === '/api/openapi.json') return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} does not declare config.access`);
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access });
  });
  // Writes need an account before anything else is looked at; reads fall to each record's visibility.
  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || request.method === 'GET' || request.method === 'HEAD') return;
    if (request.actor.kind === 'anonymous' && !OPEN_WRITES.includes(access)) {
      throw new AppError('unauthenticated', 'Sign in to make changes');
    }
  });
}
