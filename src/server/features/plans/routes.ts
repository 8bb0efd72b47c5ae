import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { ctxOf } from '../../http/context.ts';
import { AppError } from '../../http/app-error.ts';
import { idParam } from '../actions/schema.ts';
import { targetGadForWrite } from '../shared/target-gad.ts';
import { INDICATORS } from './indicators.ts';
import { getPlan, listPlans } from './get-plan.ts';
import { getPlanProgress } from './plan-progress.ts';
import { approvePlan, createPlan, updatePlan } from './write-plan.ts';
import { confirmLink, listLinks, removeLink, suggestLinks } from './links.ts';
import { getAlignment, getNationalAlignment } from './alignment.ts';
import { planDocument } from './plan-document.ts';
import {
  alignmentQuery, approveBody, documentQuery, linkBody, linkParams, nationalAlignmentQuery, planCreateBody, planListQuery, planPatchBody,
  type PlanInput,
} from './schema.ts';

/** GAD users write their own GAD's plan; only a platform admin names another GAD. */
async function createPlanForCaller(ctx: Ctx, body: PlanInput & { gad?: string }) {
  const gadId = await targetGadForWrite(ctx.db, ctx.actor, body.gad);
  const { gad: _gad, ...input } = body;
  return getPlan(ctx, await createPlan(ctx, gadId, input as PlanInput));
}

export const planRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/plans/indicators', {
    config: { access: 'public' }, schema: { tags: ['plans'], summary: 'The indicators a plan target can use, each computed from the records' },
  }, async () => ({
    items: INDICATORS.map((i) => ({ code: i.code, label: i.label, unit: i.unit, params: i.params, required: i.required })),
  }));

  app.get('/api/plans', {
    config: { access: 'public' }, schema: { tags: ['plans'], summary: 'Strategic plans for international relations, every version the caller may see', querystring: planListQuery },
  }, (request) => listPlans(ctxOf(request), request.query));

  app.get('/api/plans/:id', {
    config: { access: 'record_read' }, schema: { tags: ['plans'], summary: 'One plan version: axes, objectives, priorities, targets, and its other versions', params: idParam },
  }, (request) => getPlan(ctxOf(request), request.params.id));

  app.get('/api/plans/:id/progress', {
    config: { access: 'record_read' }, schema: { tags: ['plans'], summary: 'Each target’s current value and progress, computed from the records', params: idParam },
  }, (request) => getPlanProgress(ctxOf(request), request.params.id));

  app.post('/api/plans', {
    config: { access: 'create' }, schema: { tags: ['plans'], summary: 'Start a plan: version 1, a draft', body: planCreateBody },
  }, async (request, reply) => reply.code(201).send(await createPlanForCaller(ctxOf(request), request.body)));

  app.patch('/api/plans/:id', {
    config: { access: 'record_write' },
    schema: { tags: ['plans'], summary: 'Edit a draft in place; editing an approved version creates a new draft version (201)', params: idParam, body: planPatchBody },
  }, async (request, reply) => {
    const ctx = ctxOf(request);
    const result = await updatePlan(ctx, request.params.id, request.body);
    return reply.code(result.created ? 201 : 200).send(await getPlan(ctx, result.id));
  });

  app.post('/api/plans/:id/approve', {
    config: { access: 'record_approve' }, schema: { tags: ['plans'], summary: 'Approve a draft (GAD admin); it is frozen from then on', params: idParam, body: approveBody },
  }, async (request) => {
    const ctx = ctxOf(request);
    await approvePlan(ctx, request.params.id, request.body.version);
    return getPlan(ctx, request.params.id);
  });

  app.get('/api/plans/:id/document.pdf', {
    config: { access: 'record_read' },
    schema: { tags: ['plans'], summary: 'The plan as a PDF (es, en or pt): its objectives, targets with current progress, and a chart', params: idParam, querystring: documentQuery },
  }, async (request, reply) => {
    const { bytes, fileName } = await planDocument(ctxOf(request), request.params.id, request.query.lang);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).send(bytes);
  });

  app.get('/api/actions/:id/links', {
    config: { access: 'record_read' }, schema: { tags: ['alignment'], summary: 'The confirmed links of an action to plan objectives, PNBV policies and SDGs', params: idParam },
  }, (request) => listLinks(ctxOf(request), request.params.id));

  app.get('/api/actions/:id/link-suggestions', {
    config: { access: 'record_read' },
    schema: { tags: ['alignment'], summary: 'Suggested links from the action’s themes, country, region and partners, each with its reasons; nothing is linked until confirmed', params: idParam },
  }, (request) => suggestLinks(ctxOf(request), request.params.id));

  app.post('/api/actions/:id/links', {
    config: { access: 'record_write' }, schema: { tags: ['alignment'], summary: 'Confirm one link (audited)', params: idParam, body: linkBody },
  }, async (request, reply) => reply.code(201).send(await confirmLink(ctxOf(request), request.params.id, request.body)));

  app.delete('/api/actions/:id/links/:linkId', {
    config: { access: 'record_write' }, schema: { tags: ['alignment'], summary: 'Remove a link (audited)', params: linkParams },
  }, async (request, reply) => {
    await removeLink(ctxOf(request), request.params.id, request.params.linkId);
    return reply.code(204).send();
  });

  app.get('/api/indicators/alignment', {
    config: { access: 'public' },
    schema: { tags: ['alignment'], summary: 'A GAD’s alignment with its plan and national policy over a period; counts see only what the caller may read', querystring: alignmentQuery },
  }, (request) => getAlignment(ctxOf(request), request.query));

  app.get('/api/indicators/alignment/national', {
    config: { access: 'analyst' },
    schema: { tags: ['alignment'], summary: 'GADs side by side (central and association analysts)', querystring: nationalAlignmentQuery },
  }, (request) => getNationalAlignment(ctxOf(request), request.query));
};
