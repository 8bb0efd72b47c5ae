import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { gadRef, visibleTo } from '../shared/visibility.ts';
import type { ActionListQuery } from './schema.ts';

// "Barcelna" must still find Barcelona: pg_trgm's default 0.6 is too strict for one dropped letter.
const TYPO_TOLERANCE = 0.5;

function searchCondition(q: string): RawBuilder<boolean> {
  // Full-text match with Spanish stemming, or a fuzzy match on the title for names typed with typos.
  return sql<boolean>`(a.search_vector @@ websearch_to_tsquery('spanish', f_unaccent(${q}))
    OR word_similarity(f_unaccent(lower(${q})), f_unaccent(lower(a.title))) >= ${TYPO_TOLERANCE})`;
}

export function actionFilter(actor: Actor, query: Partial<ActionListQuery>): RawBuilder<boolean> {
  const conditions: RawBuilder<boolean>[] = [visibleTo(actor, 'a')];
  if (query.gad) conditions.push(sql<boolean>`a.gad_id = ${gadRef(query.gad)}`);
  if (query.type) conditions.push(sql<boolean>`a.type = ${query.type}`);
  if (query.year) {
    conditions.push(sql<boolean>`a.start_date >= make_date(${query.year}, 1, 1) AND a.start_date < make_date(${query.year + 1}, 1, 1)`);
  }
  if (query.country) conditions.push(sql<boolean>`a.country_code = ${query.country}`);
  if (query.theme) {
    conditions.push(sql<boolean>`EXISTS (SELECT 1 FROM action_theme t WHERE t.action_id = a.id AND t.theme_code = ${query.theme})`);
  }
  if (query.partner) {
    conditions.push(sql<boolean>`EXISTS (SELECT 1 FROM action_partner p WHERE p.action_id = a.id AND p.partner_id = ${query.partner})`);
  }
  if (query.q && query.q.trim()) conditions.push(searchCondition(query.q.trim()));
  return sql<boolean>`${sql.join(conditions, sql` AND `)}`;
}

const ORDER = {
  date_desc: sql`a.start_date DESC NULLS LAST, a.title`,
  date_asc: sql`a.start_date ASC NULLS LAST, a.title`,
  title: sql`a.title, a.start_date`,
  relevance: sql`a.start_date DESC NULLS LAST, a.title`,
};

export interface ActionListRow {
  id: string;
  gad_id: string;
  gad_name: string;
  gad_dpa_code: string;
  type: string;
  title: string;
  description: string | null;
  start_date: string | null;
  end_date: string | null;
  date_precision: string;
  city: string | null;
  country_code: string | null;
  visibility: string;
  illustrative: boolean;
  themes: string[];
  partners: { id: string; name: string; role: string }[];
}

export async function selectActions(db: Db, where: RawBuilder<boolean>, query: ActionListQuery) {
  const order = query.q && query.sort === 'relevance'
    ? sql`ts_rank(a.search_vector, websearch_to_tsquery('spanish', f_unaccent(${query.q}))) DESC, a.start_date DESC NULLS LAST`
    : ORDER[query.sort];
  const rows = await sql<ActionListRow>`
    SELECT a.id, a.gad_id, g.name AS gad_name, g.dpa_code AS gad_dpa_code, a.type, a.title, a.description,
           a.start_date, a.end_date, a.date_precision, a.city, a.country_code, a.visibility, a.illustrative,
           COALESCE((SELECT array_agg(t.theme_code ORDER BY t.theme_code) FROM action_theme t WHERE t.action_id = a.id), '{}') AS themes,
           COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'role', ap.role) ORDER BY p.name)
                     FROM action_partner ap JOIN partner p ON p.id = ap.partner_id WHERE ap.action_id = a.id), '[]') AS partners
    FROM action a JOIN gad g ON g.id = a.gad_id
    WHERE ${where}
    ORDER BY ${order}, a.id
    LIMIT ${query.limit} OFFSET ${query.offset}`.execute(db);
  return rows.rows;
}

export async function countActions(db: Db, where: RawBuilder<boolean>): Promise<number> {
  const result = await sql<{ total: number }>`SELECT count(*)::int AS total FROM action a WHERE ${where}`.execute(db);
  return result.rows[0]?.total ?? 0;
}

export async function actionFacets(db: Db, where: RawBuilder<boolean>) {
  const facet = async (select: RawBuilder<unknown>, from: RawBuilder<unknown> = sql``) => {
    const rows = await sql<{ value: string | null; count: number }>`
      SELECT ${select} AS value, count(*)::int AS count FROM action a ${from}
      WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`.execute(db);
    return Object.fromEntries(rows.rows.filter((r) => r.value !== null).map((r) => [String(r.value), r.count]));
  };
  const [type, year, theme, country] = await Promise.all([
    facet(sql`a.type`),
    facet(sql`extract(year FROM a.start_date)::int::text`),
    facet(sql`t.theme_code`, sql`JOIN action_theme t ON t.action_id = a.id`),
    facet(sql`a.country_code`),
  ]);
  return { type, year, theme, country };
}
