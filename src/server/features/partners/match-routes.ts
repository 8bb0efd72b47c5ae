import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/context.ts';
import { countryCode } from '../shared/schema.ts';
import { partnerType } from './schema.ts';
import { findDuplicatePartners, matchPartners } from './match-partners.ts';
import { requirePartnerAdmin } from './policy.ts';

const matchQuery = z.object({
  name: z.string().min(1).max(500).describe('The name as typed or as it appears in a file'),
  country: countryCode.optional().describe('Boosts partners of this country'),
  type: partnerType.optional().describe('Boosts partners of this type'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const partnerMatchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/partners/matches', {
    config: { access: 'public' },
    schema: { tags: ['partners'], summary: 'Partners that may be the one meant: trigram similarity over names and aliases, with country and type boosts', querystring: matchQuery },
  }, async (request) => ({ items: await matchPartners(ctxOf(request).db, request.query) }));

  app.get('/api/partners/duplicates', {
    config: { access: 'admin' },
    schema: { tags: ['partners'], summary: 'Likely duplicate partners, in pairs with their score (admins)', querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
  }, async (request) => {
    const ctx = ctxOf(request);
    requirePartnerAdmin(ctx.actor);
    return { items: await findDuplicatePartners(ctx.db, request.query.limit) };
  });
};
