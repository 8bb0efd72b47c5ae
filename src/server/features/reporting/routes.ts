import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { requireUser } from '../auth/policy.ts';
import { idParam } from '../actions/schema.ts';
import { getReport, listActionReports } from './get-report.ts';
import { reportFilter, selectReports } from './queries.ts';
import { presentReport } from './present.ts';
import { answerBody, articulationQuery, messageBody, optionalMessageBody, registerBody, reportListQuery, submitReportBody } from './schema.ts';
import { submitReport, transitionReport } from './write-report.ts';
import { articulationIndex } from './articulation.ts';
import { completenessOf } from './completeness.ts';

const tags = ['reporting'];

export const reportingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/api/actions/:id/reports', {
    config: { access: 'record_write' }, schema: { tags, summary: 'Report a signed agreement or a project to central government, or consult on a draft', params: idParam, body: submitReportBody },
  }, async (request, reply) => {
    const ctx = ctxOf(request);
    const id = await submitReport(ctx, request.params.id, request.body);
    return reply.code(201).send(await getReport(ctx, id));
  });

  app.get('/api/actions/:id/reports', { config: { access: 'record_read' }, schema: { tags, summary: 'The reports and consultations of one action, with their threads', params: idParam } },
    (request) => listActionReports(ctxOf(request), request.params.id));

  app.get('/api/reports', {
    config: { access: 'signed_in' },
    schema: { tags, summary: 'Reporting queue: central analysts see every GAD, association analysts their members, GAD users their own', querystring: reportListQuery },
  }, async (request) => {
    const ctx = ctxOf(request);
    requireUser(ctx.actor);
    const { rows, total } = await selectReports(ctx.db, reportFilter(ctx.actor, request.query, ctx.now), request.query);
    return { items: rows.map((r) => presentReport(r, ctx.now)), total };
  });

  app.get('/api/reports/:id', { config: { access: 'record_read' }, schema: { tags, summary: 'One report with its observations thread', params: idParam } },
    (request) => getReport(ctxOf(request), request.params.id));

  const central = (event: 'receive' | 'observe', summary: string, body: typeof messageBody | typeof optionalMessageBody) =>
    app.post(`/api/reports/:id/${event}`, { config: { access: 'analyst' }, schema: { tags, summary, params: idParam, body } }, async (request) => {
      const ctx = ctxOf(request);
      await transitionReport(ctx, request.params.id, { event, body: request.body.body });
      return getReport(ctx, request.params.id);
    });
  central('receive', 'Central government acknowledges receipt', optionalMessageBody);
  central('observe', 'Central government sends observations', messageBody);

  app.post('/api/reports/:id/reply', { config: { access: 'record_write' }, schema: { tags, summary: 'The GAD replies to observations', params: idParam, body: messageBody } },
    async (request) => {
      const ctx = ctxOf(request);
      await transitionReport(ctx, request.params.id, { event: 'reply', body: request.body.body });
      return getReport(ctx, request.params.id);
    });

  app.post('/api/reports/:id/register', { config: { access: 'analyst' }, schema: { tags, summary: 'Register the instrument or project, with its number and date', params: idParam, body: registerBody } },
    async (request) => {
      const ctx = ctxOf(request);
      await transitionReport(ctx, request.params.id, { event: 'register', ...request.body });
      return getReport(ctx, request.params.id);
    });

  app.post('/api/reports/:id/answer', { config: { access: 'analyst' }, schema: { tags, summary: 'The ministry answers a pre-signature consultation', params: idParam, body: answerBody } },
    async (request) => {
      const ctx = ctxOf(request);
      await transitionReport(ctx, request.params.id, { event: 'answer', answer: request.body.answer, body: request.body.body });
      return getReport(ctx, request.params.id);
    });

  app.get('/api/indicators/articulation', {
    config: { access: 'public' }, schema: { tags, summary: 'Articulation index by year: agreements reported, on time, projects registered, median delay', querystring: articulationQuery },
  }, (request) => articulationIndex(ctxOf(request), request.query));

  app.get('/api/gads/:id/completeness', {
    config: { access: 'public' }, schema: { tags, summary: 'How complete a GAD\'s record is, with the list of what is missing', params: idParam },
  }, (request) => completenessOf(ctxOf(request), request.params.id));
};
