import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { AppError } from '../../http/app-error.ts';
import { idParam } from '../actions/schema.ts';
import { partnerInput, partnerListQuery, partnerMergeBody, partnerPatchBody } from './schema.ts';
import { selectPartner, selectPartnerActions, selectPartners, type PartnerRow } from './queries.ts';
import { createPartner } from './create-partner.ts';
import { updatePartner } from './update-partner.ts';
import { mergePartners, undoPartnerMerge } from './merge-partners.ts';
import { requirePartnerEditor } from './policy.ts';
import type { Ctx } from '../../context.ts';

function presentPartner(row: PartnerRow) {
  return {
    id: row.id, name: row.name, type: row.type, country: row.country_code, city: row.city,
    aliases: row.aliases, illustrative: row.illustrative, version: row.version,
  };
}

async function partnerWithActions(ctx: Ctx, id: string) {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await selectPartner(ctx.db, id) : undefined;
  if (!row) throw AppError.notFound('Partner');
  const actions = await selectPartnerActions(ctx.db, ctx.actor, row.id);
  return {
    ...presentPartner(row),
    mergedIntoId: row.merged_into_id,
    actions: actions.map((a) => ({
      id: a.id, type: a.type, title: a.title, startDate: a.start_date, role: a.role, illustrative: a.illustrative,
      gad: { id: a.gad_id, name: a.gad_name, dpaCode: a.gad_dpa_code },
    })),
  };
}

export const partnerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/partners', {
    config: { access: 'public' }, schema: { tags: ['partners'], summary: 'Find partners by name or alias', querystring: partnerListQuery },
  }, async (request) => {
    const { rows, total } = await selectPartners(ctxOf(request).db, request.query);
    return { items: rows.map(presentPartner), total };
  });

  app.get('/api/partners/:id', {
    config: { access: 'public' }, schema: { tags: ['partners'], summary: 'One partner and the actions it takes part in', params: idParam },
  }, (request) => partnerWithActions(ctxOf(request), request.params.id));

  app.post('/api/partners', {
    config: { access: 'partner_write' }, schema: { tags: ['partners'], summary: 'Add a partner (shared by all GADs)', body: partnerInput },
  }, async (request, reply) => {
    const ctx = ctxOf(request);
    requirePartnerEditor(ctx.actor);
    const id = await createPartner(ctx, request.body);
    return reply.code(201).send(await partnerWithActions(ctx, id));
  });

  app.patch('/api/partners/:id', {
    config: { access: 'partner_write' }, schema: { tags: ['partners'], summary: 'Correct a partner; send the version you started from', params: idParam, body: partnerPatchBody },
  }, async (request) => {
    const ctx = ctxOf(request);
    await updatePartner(ctx, request.params.id, request.body);
    return partnerWithActions(ctx, request.params.id);
  });

  app.post('/api/partners/:id/merge', {
    config: { access: 'partner_admin' }, schema: { tags: ['partners'], summary: 'Merge this partner into another (admins); undoable', params: idParam, body: partnerMergeBody },
  }, (request) => mergePartners(ctxOf(request), request.params.id, request.body.into));

  app.post('/api/partners/:id/unmerge', {
    config: { access: 'partner_admin' }, schema: { tags: ['partners'], summary: 'Undo the last merge of this partner (admins)', params: idParam },
  }, async (request) => {
    const ctx = ctxOf(request);
    await undoPartnerMerge(ctx, request.params.id);
    return partnerWithActions(ctx, request.params.id);
  });
};
