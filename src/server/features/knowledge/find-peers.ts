import { sql, type RawBuilder } from 'kysely';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { localDate } from '../shared/dates.ts';
import { visibleTo } from '../shared/visibility.ts';
import { rankPeers, type PeerCandidate, type Why } from './rank-peers.ts';
import type { PeersQuery } from './schema.ts';

/** Evidence shown per GAD; the score counts all of it. */
const EVIDENCE_SHOWN = 20;

/**
 * "Who in Ecuador has already worked with partner P, on theme T, or with country C?" Every
 * criterion given must hold. Evidence comes only from actions, and lessons only from lessons,
 * that the caller may read, so neither the ranking nor the counts reveal hidden records.
 */
export async function findPeers(ctx: Ctx, query: PeersQuery) {
  if (!query.partner && !query.theme && !query.country) {
    throw AppError.invalid('Ask about a partner, a theme or a country', [
      { field: 'query.partner', message: 'Give partner, theme or country' }]);
  }
  const conditions: RawBuilder<boolean>[] = [visibleTo(ctx.actor, 'a')];
  if (query.partner) conditions.push(sql<boolean>`EXISTS (SELECT 1 FROM action_partner ap WHERE ap.action_id = a.id AND ap.partner_id = ${query.partner})`);
  if (query.theme) conditions.push(sql<boolean>`EXISTS (SELECT 1 FROM action_theme t WHERE t.action_id = a.id AND t.theme_code = ${query.theme})`);
  if (query.country) {
    conditions.push(sql<boolean>`(a.country_code = ${query.country} OR EXISTS (SELECT 1 FROM action_partner ap JOIN partner p ON p.id = ap.partner_id
      WHERE ap.action_id = a.id AND p.country_code = ${query.country}))`);
  }
  const where = sql<boolean>`${sql.join(conditions, sql` AND `)}`;
  const actions = await sql<{
    id: string; gad_id: string; gad_name: string; gad_dpa_code: string; gad_level: string; title: string; type: string;
    start_date: string | null; partner_roles: string[] | null; country_place: boolean; country_partner: boolean;
  }>`
    SELECT a.id, a.gad_id, g.name AS gad_name, g.dpa_code AS gad_dpa_code, g.level AS gad_level, a.title, a.type, a.start_date,
      (SELECT array_agg(DISTINCT ap.role ORDER BY ap.role) FROM action_partner ap WHERE ap.action_id = a.id AND ap.partner_id = ${query.partner ?? null}) AS partner_roles,
      COALESCE(a.country_code = ${query.country ?? null}, false) AS country_place,
      EXISTS (SELECT 1 FROM action_partner ap JOIN partner p ON p.id = ap.partner_id
        WHERE ap.action_id = a.id AND p.country_code = ${query.country ?? null}) AS country_partner
    FROM action a JOIN gad g ON g.id = a.gad_id
    WHERE ${where}`.execute(ctx.db);
  const ids = actions.rows.map((r) => r.id);
  const lessons = ids.length === 0 ? [] : (await sql<{ id: string; title: string; action_id: string; gad_id: string }>`
    SELECT l.id, l.title, l.action_id, l.gad_id FROM lesson l JOIN action a ON a.id = l.action_id
    WHERE l.action_id = ANY(${ids}::uuid[]) AND ${visibleTo(ctx.actor, 'l')} AND ${visibleTo(ctx.actor, 'a')}
    ORDER BY l.created_at`.execute(ctx.db)).rows;

  const byGad = new Map<string, PeerCandidate>();
  for (const row of actions.rows) {
    const candidate = byGad.get(row.gad_id) ?? { gad: { id: row.gad_id, name: row.gad_name, dpaCode: row.gad_dpa_code, level: row.gad_level }, evidence: [], lessons: [] };
    const why: Why[] = [];
    if (query.partner) why.push({ reason: 'partner', roles: row.partner_roles ?? [] });
    if (query.theme) why.push({ reason: 'theme', theme: query.theme });
    if (query.country) why.push({ reason: 'country', country: query.country, via: row.country_place ? 'place' : 'partner' });
    candidate.evidence.push({ actionId: row.id, title: row.title, type: row.type, startDate: row.start_date, why });
    byGad.set(row.gad_id, candidate);
  }
  for (const lesson of lessons) byGad.get(lesson.gad_id)?.lessons.push({ id: lesson.id, title: lesson.title, actionId: lesson.action_id });

  const ranked = rankPeers([...byGad.values()], localDate(ctx.now)).slice(0, query.limit);
  return {
    items: ranked.map((peer) => ({ ...peer, evidence: peer.evidence.slice(0, EVIDENCE_SHOWN) })),
    total: byGad.size,
  };
}
