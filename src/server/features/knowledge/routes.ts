import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { idParam } from '../actions/schema.ts';
import { lessonListQuery } from './schema.ts';
import { listLessons } from './list-lessons.ts';
import { setUseful } from './vote-lesson.ts';

export const knowledgeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/lessons', {
    config: { access: 'public' },
    schema: { tags: ['knowledge'], summary: 'Search and filter lessons learned, most useful first, with facet counts', querystring: lessonListQuery },
  }, (request) => listLessons(ctxOf(request), request.query));

  app.post('/api/lessons/:id/useful', {
    config: { access: 'record_vote' }, schema: { tags: ['knowledge'], summary: 'Mark a lesson of another GAD useful (one mark per user)', params: idParam },
  }, (request) => setUseful(ctxOf(request), request.params.id, true));

  app.delete('/api/lessons/:id/useful', {
    config: { access: 'record_vote' }, schema: { tags: ['knowledge'], summary: 'Take back your useful mark', params: idParam },
  }, (request) => setUseful(ctxOf(request), request.params.id, false));

};
