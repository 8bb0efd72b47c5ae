import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { getPositioning } from './get-positioning.ts';
import { compareGads, getBreakdowns } from './get-breakdowns.ts';
import { getNational } from './get-national.ts';
import { getTimeline } from './get-timeline.ts';
import { getPartnerMap } from './get-partner-map.ts';
import { annualReport } from './annual-report.ts';
import { breakdownQuery, comparisonQuery, gadParam, nationalQuery, partnersMapQuery, positioningQuery, reportQuery, timelineQuery } from './schema.ts';

/** Analytics read what the caller may read: every route is public and every count goes through visibleTo. */
export const analyticsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['analytics'];
  app.get('/api/indicators/positioning', {
    config: { access: 'public' },
    schema: { tags, summary: 'A GAD’s positioning indicators, a row per year: actions of each kind, leadership roles held, money per currency (converted to USD where a rate is set)', querystring: positioningQuery },
  }, (request) => getPositioning(ctxOf(request), request.query));

  app.get('/api/indicators/breakdowns', {
    config: { access: 'public' },
    schema: { tags, summary: 'A GAD’s actions by theme, territorial scope, motive, channel, governance mode, cooperation direction and flow, and partner region', querystring: breakdownQuery },
  }, (request) => getBreakdowns(ctxOf(request), request.query));

  app.get('/api/indicators/comparison', {
    config: { access: 'public' }, schema: { tags, summary: 'GADs side by side: actions of each kind, awards won, leadership roles', querystring: comparisonQuery },
  }, (request) => compareGads(ctxOf(request), request.query));

  app.get('/api/indicators/national', {
    config: { access: 'public' },
    schema: { tags, summary: 'National page: GAD ranking, share of GADs with any international activity, GADs and actions per province for the map', querystring: nationalQuery },
  }, (request) => getNational(ctxOf(request), request.query));

  app.get('/api/indicators/partner-map', {
    config: { access: 'public' },
    schema: { tags, summary: 'Partner countries (with ISO numeric codes for the world map) and partner cities placed from the shipped gazetteer', querystring: partnersMapQuery },
  }, (request) => getPartnerMap(ctxOf(request), request.query, request.server.database.db));

  app.get('/api/gads/:id/timeline', {
    config: { access: 'public' },
    schema: { tags, summary: 'A GAD’s international relations in time; agreements as spans from signature to expiry; undated records apart', params: gadParam, querystring: timelineQuery },
  }, (request) => getTimeline(ctxOf(request), request.params.id, request.query));

  app.get('/api/gads/:id/annual-report.pdf', {
    config: { access: 'public' },
    schema: { tags, summary: 'The GAD’s annual report as a PDF (es, en or pt): indicators, charts, main agreements, commitments kept, plan alignment', params: gadParam, querystring: reportQuery },
  }, async (request, reply) => {
    const { bytes, fileName } = await annualReport(ctxOf(request), request.params.id, request.query);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).send(bytes);
  });
};
