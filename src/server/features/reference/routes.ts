import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Codelists the UI and API clients need to label codes in three languages. */
export const referenceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/reference/themes', { config: { access: 'public' }, schema: { tags: ['reference'], summary: 'Theme codelist' } }, async () => {
    const rows = await sql<{ code: string; name_es: string; name_en: string; name_pt: string }>`
      SELECT code, name_es, name_en, name_pt FROM theme ORDER BY position`.execute(app.database.db);
    return { items: rows.rows.map((r) => ({ code: r.code, name: { es: r.name_es, en: r.name_en, pt: r.name_pt } })) };
  });
  app.get('/api/reference/countries', { config: { access: 'public' }, schema: { tags: ['reference'], summary: 'ISO 3166 countries' } }, async () => {
    const rows = await sql<{ code: string; name_es: string; name_en: string; name_pt: string; world_region: string }>`
      SELECT code, name_es, name_en, name_pt, world_region FROM country ORDER BY code`.execute(app.database.db);
    return {
      items: rows.rows.map((r) => ({ code: r.code, region: r.world_region, name: { es: r.name_es, en: r.name_en, pt: r.name_pt } })),
    };
  });
  app.get('/api/reference/national-objectives', { config: { access: 'public' }, schema: { tags: ['reference'], summary: 'PNBV policies and SDGs' } }, async () => {
    const [objectives, sdgs] = await Promise.all([
      sql<Record<string, unknown>>`SELECT code, plan, objective, objective_text, policy, text FROM national_objective ORDER BY code`.execute(app.database.db),
      sql<Record<string, unknown>>`SELECT number, name_es, name_en, name_pt FROM sdg ORDER BY number`.execute(app.database.db),
    ]);
    return {
      objectives: objectives.rows.map((o) => ({
        code: o.code, plan: o.plan, objective: o.objective, objectiveText: o.objective_text, policy: o.policy, text: o.text,
      })),
      sdgs: sdgs.rows.map((s) => ({ number: s.number, name: { es: s.name_es, en: s.name_en, pt: s.name_pt } })),
    };
  });
};
