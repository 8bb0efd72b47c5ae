import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { idParam } from '../actions/schema.ts';
import { exchangeListQuery, exchangePostInput, exchangePostPatch, graphQuery, lessonListQuery, peersQuery } from './schema.ts';
import { getGraph } from './get-graph.ts';
import { createPost, deletePost, getPost, listPosts, postMatches, updatePost } from './exchange.ts';
import { findPeers } from './find-peers.ts';
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

  app.get('/api/peers', {
    config: { access: 'public' },
    schema: { tags: ['knowledge'], summary: 'Which GADs already worked with a partner, on a theme or with a country, ranked, with the evidence', querystring: peersQuery },
  }, (request) => findPeers(ctxOf(request), request.query));

  app.get('/api/exchange/posts', {
    config: { access: 'public' },
    schema: { tags: ['exchange'], summary: 'Offers and requests of the partnership exchange, open ones unless asked', querystring: exchangeListQuery },
  }, (request) => listPosts(ctxOf(request), request.query));

  app.post('/api/exchange/posts', {
    config: { access: 'create' }, schema: { tags: ['exchange'], summary: 'Post an offer or a request for the caller’s GAD', body: exchangePostInput },
  }, async (request, reply) => reply.code(201).send(await createPost(ctxOf(request), request.body)));

  app.get('/api/exchange/posts/:id', {
    config: { access: 'record_read' }, schema: { tags: ['exchange'], summary: 'One offer or request', params: idParam },
  }, (request) => getPost(ctxOf(request), request.params.id));

  app.patch('/api/exchange/posts/:id', {
    config: { access: 'record_write' }, schema: { tags: ['exchange'], summary: 'Change a post; send the version you started from', params: idParam, body: exchangePostPatch },
  }, (request) => updatePost(ctxOf(request), request.params.id, request.body));

  app.delete('/api/exchange/posts/:id', {
    config: { access: 'record_write' }, schema: { tags: ['exchange'], summary: 'Withdraw a post', params: idParam },
  }, async (request, reply) => {
    await deletePost(ctxOf(request), request.params.id);
    return reply.code(204).send();
  });

  app.get('/api/exchange/posts/:id/matches', {
    config: { access: 'record_read' },
    schema: { tags: ['exchange'], summary: 'Matching posts, GADs and foreign partners for a post, each with the reasons', params: idParam },
  }, (request) => postMatches(ctxOf(request), request.params.id));

  app.get('/api/graph', {
    config: { access: 'public' },
    schema: { tags: ['knowledge'], summary: 'Relationship graph around a GAD or a partner (GAD, partner, network, funder), from readable actions', querystring: graphQuery },
  }, (request) => getGraph(ctxOf(request), request.query));
};
