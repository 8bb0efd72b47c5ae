import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { AppError } from '../../http/app-error.ts';
import { idParam } from '../actions/schema.ts';
import { localDate } from '../shared/dates.ts';
import type { Ctx } from '../../context.ts';
import { commitmentFilter, selectCommitments, selectNotes, selectVisibleCommitment } from './queries.ts';
import { presentCommitment } from './present.ts';
import { commitmentInput, commitmentListQuery, commitmentPatchBody, completeBody, noteBody } from './schema.ts';
import { addCommitmentNote, completeCommitment, createCommitment, deleteCommitment, updateCommitment } from './write-commitment.ts';

async function getCommitment(ctx: Ctx, id: string) {
  const row = await selectVisibleCommitment(ctx.db, ctx.actor, id, localDate(ctx.now));
  if (!row) throw AppError.notFound('Commitment');
  const notes = await selectNotes(ctx.db, row.id);
  return {
    ...presentCommitment(row),
    notes: notes.map((n) => ({ id: n.id, body: n.body, author: n.author_label, createdAt: n.created_at.toISOString() })),
  };
}

export const commitmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/commitments', {
    config: { access: 'public' }, schema: { tags: ['commitments'], summary: 'Commitments, with overdue derived from due date and state', querystring: commitmentListQuery },
  }, async (request) => {
    const ctx = ctxOf(request);
    const today = localDate(ctx.now);
    const { rows, total } = await selectCommitments(ctx.db, commitmentFilter(ctx.actor, today, request.query), today, request.query);
    return { items: rows.map(presentCommitment), total };
  });

  app.get('/api/commitments/:id', { config: { access: 'record_read' }, schema: { tags: ['commitments'], summary: 'One commitment with its follow-up notes', params: idParam } },
    (request) => getCommitment(ctxOf(request), request.params.id));

  app.post('/api/commitments', { config: { access: 'create' }, schema: { tags: ['commitments'], summary: 'Record a commitment taken in an action', body: commitmentInput } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const id = await createCommitment(ctx, request.body);
      return reply.code(201).send(await getCommitment(ctx, id));
    });

  app.patch('/api/commitments/:id', {
    config: { access: 'record_write' }, schema: { tags: ['commitments'], summary: 'Change a commitment; send the version you started from', params: idParam, body: commitmentPatchBody },
  }, async (request) => {
    const ctx = ctxOf(request);
    await updateCommitment(ctx, request.params.id, request.body);
    return getCommitment(ctx, request.params.id);
  });

  app.delete('/api/commitments/:id', { config: { access: 'record_write' }, schema: { tags: ['commitments'], summary: 'Soft-delete a commitment', params: idParam } },
    async (request, reply) => {
      await deleteCommitment(ctxOf(request), request.params.id);
      return reply.code(204).send();
    });

  app.post('/api/commitments/:id/notes', { config: { access: 'record_write' }, schema: { tags: ['commitments'], summary: 'Add a follow-up note', params: idParam, body: noteBody } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      await addCommitmentNote(ctx, request.params.id, request.body.body);
      return reply.code(201).send(await getCommitment(ctx, request.params.id));
    });

  app.post('/api/commitments/:id/complete', {
    config: { access: 'record_write' }, schema: { tags: ['commitments'], summary: 'Mark done, with evidence (a document or a link)', params: idParam, body: completeBody },
  }, async (request) => {
    const ctx = ctxOf(request);
    await completeCommitment(ctx, request.params.id, request.body);
    return getCommitment(ctx, request.params.id);
  });
};
