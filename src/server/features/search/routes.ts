import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { searchQuery, searchResult } from './schema.ts';
import { search } from './search.ts';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/search', {
    config: { access: 'public' },
    schema: {
      tags: ['search'], summary: 'Search actions, partners, lessons and the text of documents, ranked, with facets and highlighted snippets',
      querystring: searchQuery, response: { 200: searchResult },
    },
  }, (request) => search(ctxOf(request), request.query));
};
