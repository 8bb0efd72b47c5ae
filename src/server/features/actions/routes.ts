import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { actionCreateBody, actionListQuery, actionListResult, actionPatchBody, idParam, versionQuery } from './schema.ts';
import { listActions } from './list-actions.ts';
import { getAction, getActionHistory } from './get-action.ts';
import { createActionForCaller } from './create-action-route.ts';
import { updateAction } from './update-action.ts';
import { deleteAction, listDeletedActions, restoreAction } from './delete-action.ts';

export const actionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/actions', {
    config: { access: 'public' }, schema: { tags: ['actions'], summary: 'List and filter international actions, with facet counts', querystring: actionListQuery,
      response: { 200: actionListResult } },
  }, (request) => listActions(ctxOf(request), request.query));

  app.get('/api/actions/deleted', {
    config: { access: 'admin' }, schema: { tags: ['actions'], summary: 'Soft-deleted actions an admin may restore' },
  }, (request) => listDeletedActions(ctxOf(request)));

  app.get('/api/actions/:id', {
    config: { access: 'record_read' }, schema: { tags: ['actions'], summary: 'One action with its partners, details, commitments, documents and lessons', params: idParam },
  }, (request) => getAction(ctxOf(request), request.params.id));

  app.get('/api/actions/:id/history', {
    config: { access: 'record_read' }, schema: { tags: ['actions'], summary: 'The audit trail of one action', params: idParam },
  }, (request) => getActionHistory(ctxOf(request), request.params.id));

  app.post('/api/actions', {
    config: { access: 'create' }, schema: { tags: ['actions'], summary: 'Create an action of any of the seven kinds', body: actionCreateBody },
  }, async (request, reply) => reply.code(201).send(await createActionForCaller(ctxOf(request), request.body)));

  app.patch('/api/actions/:id', {
    config: { access: 'record_write' }, schema: { tags: ['actions'], summary: 'Change an action; send the version you started from', params: idParam, body: actionPatchBody },
  }, (request) => updateAction(ctxOf(request), request.params.id, request.body));

  app.delete('/api/actions/:id', {
    config: { access: 'record_write' }, schema: { tags: ['actions'], summary: 'Soft-delete an action', params: idParam, querystring: versionQuery },
  }, async (request, reply) => {
    await deleteAction(ctxOf(request), request.params.id, request.query.version);
    return reply.code(204).send();
  });

  app.post('/api/actions/:id/restore', {
    config: { access: 'record_restore' }, schema: { tags: ['actions'], summary: 'Restore a soft-deleted action (GAD admin)', params: idParam },
  }, (request) => restoreAction(ctxOf(request), request.params.id));
};
