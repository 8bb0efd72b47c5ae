import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { gadRef, visibleTo } from '../shared/visibility.ts';
import { buildGraph, type GraphLink } from './build-graph.ts';
import type { GraphQuery } from './schema.ts';

/**
 * The relationship graph around one GAD or one partner, from actions the caller may read.
 * Depth 1: the actions it takes part in, each with all its partners. Depth 2: also the actions
 * of its neighbours (the other GADs that share a partner, or the other partners of those GADs).
 */
export async function getGraph(ctx: Ctx, query: GraphQuery) {
  if (Boolean(query.gad) === Boolean(query.partner)) {
    throw AppError.invalid('Start from one GAD or one partner', [{ field: 'query.gad', message: 'Give gad or partner, not both' }]);
  }
  const filters: RawBuilder<boolean>[] = [visibleTo(ctx.actor, 'a'), sql<boolean>`p.deleted_at IS NULL`];
  if (query.type) filters.push(sql<boolean>`a.type = ${query.type}`);
  if (query.theme) filters.push(sql<boolean>`EXISTS (SELECT 1 FROM action_theme t WHERE t.action_id = a.id AND t.theme_code = ${query.theme})`);
  const base = sql<boolean>`${sql.join(filters, sql` AND `)}`;
  const select = (where: RawBuilder<boolean>) => sql<{
    action_id: string; gad_id: string; gad_name: string; gad_dpa_code: string; partner_id: string; partner_name: string;
    partner_type: string; partner_country: string | null; role: string;
  }>`
    SELECT a.id AS action_id, g.id AS gad_id, g.name AS gad_name, g.dpa_code AS gad_dpa_code, p.id AS partner_id, p.name AS partner_name,
      p.type AS partner_type, p.country_code AS partner_country, ap.role
    FROM action a JOIN gad g ON g.id = a.gad_id JOIN action_partner ap ON ap.action_id = a.id JOIN partner p ON p.id = ap.partner_id
    WHERE ${base} AND ${where}
    ORDER BY a.start_date DESC NULLS LAST, a.id LIMIT 5000`.execute(ctx.db).then((r) => r.rows);

  const start = query.gad
    ? await sql<{ id: string }>`SELECT id FROM gad WHERE id = ${gadRef(query.gad)}`.execute(ctx.db)
    : await sql<{ id: string }>`SELECT id FROM partner WHERE id = ${query.partner!} AND deleted_at IS NULL`.execute(ctx.db);
  if (!start.rows[0]) throw AppError.notFound(query.gad ? 'GAD' : 'Partner');
  const root = `${query.gad ? 'gad' : 'partner'}:${start.rows[0].id}`;
  // An action is drawn whole: a partner's graph also shows the funder or network on the same actions.
  const ofPartners = (ids: string[]) => sql<boolean>`a.id IN (SELECT x.action_id FROM action_partner x WHERE x.partner_id = ANY(${ids}::uuid[]))`;
  let rows = await select(query.gad ? sql<boolean>`a.gad_id = ${start.rows[0].id}` : ofPartners([start.rows[0].id]));
  if (query.depth === 2 && rows.length > 0) {
    const more = query.gad
      ? await select(ofPartners([...new Set(rows.map((r) => r.partner_id))]))
      : await select(sql<boolean>`a.gad_id = ANY(${[...new Set(rows.map((r) => r.gad_id))]}::uuid[])`);
    const seen = new Set(rows.map((r) => `${r.action_id}|${r.partner_id}|${r.role}`));
    rows = [...rows, ...more.filter((r) => !seen.has(`${r.action_id}|${r.partner_id}|${r.role}`))];
  }
  const links: GraphLink[] = rows.map((r) => ({
    actionId: r.action_id, role: r.role,
    gad: { id: r.gad_id, name: r.gad_name, dpaCode: r.gad_dpa_code },
    partner: { id: r.partner_id, name: r.partner_name, type: r.partner_type, country: r.partner_country },
  }));
  return { root, ...buildGraph(links) };
}
