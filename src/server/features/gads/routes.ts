import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { AppError } from '../../http/app-error.ts';
import { gadListQuery, gadParam } from './schema.ts';
import { selectGad, selectGads, type GadRow } from './queries.ts';

function presentGad(row: GadRow) {
  return { id: row.id, dpaCode: row.dpa_code, name: row.name, level: row.level, parentId: row.parent_id, illustrative: row.illustrative };
}

export const gadRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/gads', {
    config: { access: 'public' }, schema: { tags: ['gads'], summary: 'List GADs (provinces, cantons, rural parishes)', querystring: gadListQuery },
  }, async (request) => {
    const { rows, total } = await selectGads(ctxOf(request).db, request.query);
    return { items: rows.map(presentGad), total };
  });

  app.get('/api/gads/:id', {
    config: { access: 'public' }, schema: { tags: ['gads'], summary: 'One GAD, by id or DPA code', params: gadParam },
  }, async (request) => {
    const row = await selectGad(ctxOf(request).db, request.params.id);
    if (!row) throw AppError.notFound('GAD');
    return { ...presentGad(row), parent: row.parent_id ? { id: row.parent_id, name: row.parent_name, dpaCode: row.parent_dpa_code } : null };
  });
};
