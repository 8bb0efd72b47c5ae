import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { AppError } from '../../http/app-error.ts';
import { idParam } from '../actions/schema.ts';
import { partnerListQuery } from './schema.ts';
import { selectPartner, selectPartnerActions, selectPartners, type PartnerRow } from './queries.ts';

function presentPartner(row: PartnerRow) {
  return {
    id: row.id, name: row.name, type: row.type, country: row.country_code, city: row.city,
    aliases: row.aliases, illustrative: row.illustrative,
  };
}

export const partnerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/partners', {
    schema: { tags: ['partners'], summary: 'Find partners by name or alias', querystring: partnerListQuery },
  }, async (request) => {
    const { rows, total } = await selectPartners(ctxOf(request).db, request.query);
    return { items: rows.map(presentPartner), total };
  });

  app.get('/api/partners/:id', {
    schema: { tags: ['partners'], summary: 'One partner and the actions it takes part in', params: idParam },
  }, async (request) => {
    const ctx = ctxOf(request);
    const row = /^[0-9a-f-]{36}$/i.test(request.params.id) ? await selectPartner(ctx.db, request.params.id) : undefined;
    if (!row) throw AppError.notFound('Partner');
    const actions = await selectPartnerActions(ctx.db, ctx.actor, row.id);
    return {
      ...presentPartner(row),
      actions: actions.map((a) => ({
        id: a.id, type: a.type, title: a.title, startDate: a.start_date, role: a.role, illustrative: a.illustrative,
        gad: { id: a.gad_id, name: a.gad_name, dpaCode: a.gad_dpa_code },
      })),
    };
  });
};
