import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { AppError } from '../../http/app-error.ts';
import { idParam } from '../actions/schema.ts';
import type { Ctx } from '../../context.ts';
import { lessonInput, lessonPatchBody } from './schema.ts';
import { createLesson, deleteLesson, presentLesson, selectVisibleLesson, updateLesson } from './write-lesson.ts';

async function getLesson(ctx: Ctx, id: string) {
  const row = await selectVisibleLesson(ctx.db, ctx, id);
  if (!row) throw AppError.notFound('Lesson');
  return presentLesson(row);
}

export const lessonRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/lessons/:id', { config: { access: 'record_read' }, schema: { tags: ['lessons'], summary: 'One lesson learned', params: idParam } },
    (request) => getLesson(ctxOf(request), request.params.id));

  app.post('/api/lessons', { config: { access: 'create' }, schema: { tags: ['lessons'], summary: 'Write a lesson learned on an action', body: lessonInput } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      return reply.code(201).send(await getLesson(ctx, await createLesson(ctx, request.body)));
    });

  app.patch('/api/lessons/:id', {
    config: { access: 'record_write' }, schema: { tags: ['lessons'], summary: 'Change a lesson; send the version you started from', params: idParam, body: lessonPatchBody },
  }, async (request) => {
    const ctx = ctxOf(request);
    await updateLesson(ctx, request.params.id, request.body);
    return getLesson(ctx, request.params.id);
  });

  app.delete('/api/lessons/:id', { config: { access: 'record_write' }, schema: { tags: ['lessons'], summary: 'Soft-delete a lesson', params: idParam } },
    async (request, reply) => {
      await deleteLesson(ctxOf(request), request.params.id);
      return reply.code(204).send();
    });
};
