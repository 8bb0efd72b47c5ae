import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/health', { config: { access: 'public' }, schema: { tags: ['health'], summary: 'Liveness and the database in use' } }, async (_request, reply) => {
    const database = app.database.kind;
    try {
      await sql`SELECT 1`.execute(app.database.db);
      return { status: 'ok', database };
    } catch {
      return reply.code(503).type('application/problem+json').send({
        type: 'https://glocal.ec/problems/unavailable', title: 'Service unavailable', status: 503,
        detail: 'The database is not reachable', code: 'unavailable', errors: [], database, databaseStatus: 'down',
      });
    }
  });
};
