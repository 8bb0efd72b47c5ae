import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { actionListQuery, idParam } from './schema.ts';
import { listActions } from './list-actions.ts';
import { getAction, getActionHistory } from './get-action.ts';

export const actionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/actions', {
    schema: { tags: ['actions'], summary: 'List and filter international actions, with facet counts', querystring: actionListQuery },
  }, (request) => listActions(ctxOf(request), request.query));

  app.get('/api/actions/:id', {
    schema: { tags: ['actions'], summary: 'One action with its partners, details, commitments, documents and lessons', params: idParam },
  }, (request) => getAction(ctxOf(request), request.params.id));

  app.get('/api/actions/:id/history', {
    schema: { tags: ['actions'], summary: 'The audit trail of one action', params: idParam },
  }, (request) => getActionHistory(ctxOf(request), request.params.id));
};
