import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { gadRef, visibleTo } from '../shared/visibility.ts';
import { contactJson, negotiationLateral } from '../lessons/negotiation.ts';
import type { LessonListQuery } from './schema.ts';

/**
 * Lessons the caller may read: the lesson and its action must both be visible, because the
 * filters, facets and list show the action's title, themes, partners and outcome.
 */
export function lessonFilter(actor: Actor, query: Partial<LessonListQuery>): RawBuilder<boolean> {
  const conditions: RawBuilder<boolean>[] = [visibleTo(actor, 'l'), visibleTo(actor, 'a')];
  if (query.gad) conditions.push(sql<boolean>`l.gad_id = ${gadRef(query.gad)}`);
  if (query.type) conditions.push(sql<boolean>`a.type = ${query.type}`);
  if (query.theme) conditions.push(sql<boolean>`EXISTS (SELECT 1 FROM action_theme t WHERE t.action_id = a.id AND t.theme_code = ${query.theme})`);
  if (query.partner) conditions.push(sql<boolean>`EXISTS (SELECT 1 FROM action_partner ap WHERE ap.action_id = a.id AND ap.partner_id = ${query.partner})`);
  if (query.country) {
    conditions.push(sql<boolean>`EXISTS (SELECT 1 FROM action_partner ap JOIN partner p ON p.id = ap.partner_id
      WHERE ap.action_id = a.id AND p.country_code = ${query.country})`);
  }
  if (query.outcome) conditions.push(sql<boolean>`(SELECT o.outcome FROM action_outcome o WHERE o.action_id = a.id) = ${query.outcome}`);
  const q = query.q?.trim();
  if (q) {
    // The negotiation journal is not in lesson.search_vector, so a search never reveals withheld text.
    conditions.push(sql<boolean>`(l.search_vector @@ websearch_to_tsquery('spanish', f_unaccent(${q}))
      OR a.search_vector @@ websearch_to_tsquery('spanish', f_unaccent(${q})))`);
  }
  return sql<boolean>`${sql.join(conditions, sql` AND `)}`;
}

const FROM = sql`FROM lesson l JOIN action a ON a.id = l.action_id`;

export async function selectLessons(db: Db, actor: Actor, where: RawBuilder<boolean>, query: LessonListQuery) {
  const me = actor.kind === 'user' ? actor.userId : null;
  const order = query.sort === 'useful' ? sql`useful_count DESC, l.created_at DESC` : sql`l.created_at DESC`;
  const result = await sql<Record<string, any>>`
    SELECT l.id, l.action_id, l.gad_id, l.title, l.visibility, l.negotiation_visibility, l.first_contact_channel,
      l.first_contact, l.negotiation, ${visibleTo(actor, 'n')} AS negotiation_visible,
      l.obstacles, l.errors, l.results, l.advice, l.applied_home, l.illustrative, l.version, l.created_at, l.updated_at,
      a.title AS action_title, a.type AS action_type, a.start_date AS action_start_date,
      g.name AS gad_name, g.dpa_code AS gad_dpa_code,
      (SELECT o.outcome FROM action_outcome o WHERE o.action_id = a.id) AS outcome,
      COALESCE((SELECT array_agg(t.theme_code ORDER BY t.theme_code) FROM action_theme t WHERE t.action_id = a.id), '{}') AS themes,
      COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'country', p.country_code, 'role', ap.role) ORDER BY p.name)
        FROM action_partner ap JOIN partner p ON p.id = ap.partner_id WHERE ap.action_id = a.id), '[]') AS partners,
      (SELECT count(*) FROM lesson_vote v WHERE v.lesson_id = l.id)::int AS useful_count,
      EXISTS (SELECT 1 FROM lesson_vote v WHERE v.lesson_id = l.id AND v.user_id = ${me}) AS voted_by_me,
      ${contactJson(actor)} AS contact
    ${FROM} JOIN gad g ON g.id = l.gad_id ${negotiationLateral} LEFT JOIN app_user cu ON cu.id = l.contact_user_id
    WHERE ${where}
    ORDER BY ${order}, l.id
    LIMIT ${query.limit} OFFSET ${query.offset}`.execute(db);
  return result.rows;
}

export async function countLessons(db: Db, where: RawBuilder<boolean>): Promise<number> {
  const result = await sql<{ total: number }>`SELECT count(*)::int AS total ${FROM} WHERE ${where}`.execute(db);
  return result.rows[0]?.total ?? 0;
}

export async function lessonFacets(db: Db, where: RawBuilder<boolean>) {
  const facet = async (select: RawBuilder<unknown>, join: RawBuilder<unknown> = sql``) => {
    const rows = await sql<{ value: string | null; count: number }>`
      SELECT ${select} AS value, count(DISTINCT l.id)::int AS count ${FROM} ${join}
      WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(db);
    return Object.fromEntries(rows.rows.filter((r) => r.value !== null).map((r) => [String(r.value), r.count]));
  };
  const [theme, type, outcome, country, partnerRows] = await Promise.all([
    facet(sql`t.theme_code`, sql`JOIN action_theme t ON t.action_id = a.id`),
    facet(sql`a.type`),
    facet(sql`o.outcome`, sql`JOIN action_outcome o ON o.action_id = a.id`),
    facet(sql`p.country_code`, sql`JOIN action_partner ap ON ap.action_id = a.id JOIN partner p ON p.id = ap.partner_id`),
    sql<{ id: string; name: string; count: number }>`
      SELECT p.id, p.name, count(DISTINCT l.id)::int AS count ${FROM}
      JOIN action_partner ap ON ap.action_id = a.id JOIN partner p ON p.id = ap.partner_id
      WHERE ${where} GROUP BY p.id, p.name ORDER BY 3 DESC, 2 LIMIT 50`.execute(db),
  ]);
  return { theme, type, outcome, country, partner: partnerRows.rows };
}
