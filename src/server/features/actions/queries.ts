import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { gadRef, visibleTo } from '../shared/visibility.ts';
import type { ActionListQuery } from './schema.ts';

/**
 * How many matches a list counts exactly. A broad list ("agua", or every public action) matches
 * hundreds of thousands of rows: counting and faceting them all reads most of the table on every
 * request. Past this bound the total says "more than", and the facets count the bounded set.
 */
export const EXACT_COUNT_LIMIT = 1_000;

const fullText = (q: string) => sql<boolean>`a.search_vector @@ websearch_to_tsquery('spanish', f_unaccent(${q}))`;
// A fuzzy match on the title for names typed with typos: `<%` is word similarity at or above
// pg_trgm.word_similarity_threshold (0.6; "Barcelna" ~ "Barcelona" is 0.67). Written as the operator,
// on the indexed expression, so the trigram index answers it instead of comparing every title.
const fuzzyTitle = (q: string) => sql<boolean>`f_unaccent(lower(${q})) <% f_unaccent(lower(a.title))`;

function searchCondition(q: string): RawBuilder<boolean> {
  // Full-text match with Spanish stemming, or a fuzzy match on the title.
  return sql<boolean>`(${fullText(q)} OR ${fuzzyTitle(q)})`;
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

export interface ActionListPage {
  rows: ActionListRow[];
  /** Matches in the bounded set: the exact total when it is at most `bound`. */
  matched: number;
  bound: number;
  facets: Record<'type' | 'year' | 'theme' | 'country', Record<string, number>>;
}

const ORDER = {
  date_desc: sql`m.start_date DESC NULLS LAST, m.title, m.id`,
  date_asc: sql`m.start_date ASC NULLS LAST, m.title, m.id`,
  title: sql`m.title, m.start_date, m.id`,
  relevance: sql`m.rank DESC, m.start_date DESC NULLS LAST, m.id`,
};

/**
 * Which matches the bounded set holds. Without words, a date order is answered by walking the
 * start-date index (which covers the filter columns) and stopping after `bound` rows.
 */
function boundedOrder(query: ActionListQuery, bound: number) {
  // WITH TIES keeps every row of the last date (or title), so the order inside the set is the list's.
  const withTies = sql`FETCH FIRST ${bound + 1} ROWS WITH TIES`;
  if (query.sort === 'date_asc') return sql`ORDER BY a.start_date ASC NULLS LAST ${withTies}`;
  if (query.sort === 'title') return sql`ORDER BY a.title ${withTies}`;
  return sql`ORDER BY a.start_date DESC NULLS LAST ${withTies}`;
}

/**
 * The bounded set `m` for a search: full-text matches first, then fuzzy title matches that are not
 * full-text ones. The fuzzy scan (a trigram index scan that costs more than the full-text one for a
 * long query) runs only when the full-text matches leave room under the bound, so every match is
 * in the set whenever there are at most `bound`; past it the set is the first `bound` found.
 */
function matchesOf(q: string, columns: RawBuilder<unknown>, where: RawBuilder<boolean>, bound: number) {
  return sql`fts AS MATERIALIZED (SELECT ${columns} FROM action a WHERE ${where} AND ${fullText(q)} LIMIT ${bound + 1}),
    fuzzy AS MATERIALIZED (SELECT ${columns} FROM action a WHERE ${where} AND ${fuzzyTitle(q)}
      AND NOT coalesce(${fullText(q)}, false) AND (SELECT count(*) FROM fts) <= ${bound} LIMIT ${bound + 1}),
    m AS MATERIALIZED (SELECT * FROM fts UNION ALL SELECT * FROM fuzzy LIMIT ${bound + 1})`;
}

/**
 * The rows of the bounded set that can be on the page. A date order breaks ties by title, which the
 * set leaves in the table: only rows dated on or before the page's last date (in the order) can be
 * on it, so the title is read for those few, not for all ten thousand.
 */
function pageCandidates(query: ActionListQuery, relevance: boolean) {
  // Relevance and title orders need nothing more than the set holds.
  if (relevance || query.sort === 'title') return sql`SELECT * FROM m`;
  const direction = query.sort === 'date_asc' ? sql`ASC` : sql`DESC`;
  const beyond = query.sort === 'date_asc' ? sql`m.start_date > c.start_date` : sql`m.start_date < c.start_date`;
  return sql`SELECT m.id, m.type, m.start_date, m.country_code, m.rank, a.title FROM m JOIN action a ON a.id = m.id
    WHERE NOT EXISTS (SELECT 1 FROM (SELECT start_date FROM m ORDER BY start_date ${direction} NULLS LAST
      OFFSET ${query.offset + query.limit - 1} LIMIT 1) c
    WHERE c.start_date IS NOT NULL AND (m.start_date IS NULL OR ${beyond}))`;
}

export async function selectActionPage(db: Db, actor: Actor, query: ActionListQuery): Promise<ActionListPage> {
  const bound = Math.max(EXACT_COUNT_LIMIT, query.offset + query.limit);
  const q = query.q?.trim();
  const where = actionFilter(actor, { ...query, q: undefined });
  const rank = q && query.sort === 'relevance'
    ? sql`ts_rank(a.search_vector, websearch_to_tsquery('spanish', f_unaccent(${q})))`
    : sql`0::real`;
  const relevance = Boolean(q) && query.sort === 'relevance';
  const columns = sql`a.id, a.type, a.start_date, a.country_code, ${rank} AS rank, ${query.sort === 'title' ? sql`a.title` : sql`NULL::text`} AS title`;
  const order = ORDER[relevance ? 'relevance' : query.sort === 'relevance' ? 'date_desc' : query.sort];
  const result = await sql<{ matched: number; facets: ActionListPage['facets']; items: ActionListRow[] }>`
    WITH ${q ? matchesOf(q, columns, where, bound) : sql`m AS MATERIALIZED (SELECT ${columns} FROM action a WHERE ${where} ${boundedOrder(query, bound)})`},
    candidate AS (${pageCandidates(query, relevance)}),
    page AS (SELECT m.id, row_number() OVER (ORDER BY ${order}) AS position FROM candidate m ORDER BY ${order}
      LIMIT ${query.limit} OFFSET ${query.offset})
    SELECT (SELECT count(*)::int FROM m) AS matched,
      json_build_object(
        'type', (SELECT coalesce(json_object_agg(type, n ORDER BY n DESC, type), '{}') FROM (SELECT type, count(*) AS n FROM m GROUP BY type) f),
        'year', (SELECT coalesce(json_object_agg(year, n ORDER BY n DESC, year), '{}') FROM (SELECT extract(year FROM start_date)::int AS year, count(*) AS n
          FROM m WHERE start_date IS NOT NULL GROUP BY 1) f),
        'theme', (SELECT coalesce(json_object_agg(theme_code, n ORDER BY n DESC, theme_code), '{}') FROM (SELECT t.theme_code, count(*) AS n
          FROM m JOIN action_theme t ON t.action_id = m.id GROUP BY t.theme_code) f),
        'country', (SELECT coalesce(json_object_agg(country_code, n ORDER BY n DESC, country_code), '{}') FROM (SELECT country_code, count(*) AS n
          FROM m WHERE country_code IS NOT NULL GROUP BY country_code) f)
      ) AS facets,
      (SELECT coalesce(json_agg(row_to_json(r) ORDER BY r.position), '[]') FROM (
        SELECT page.position, a.id, a.gad_id, g.name AS gad_name, g.dpa_code AS gad_dpa_code, a.type, a.title, a.description,
          a.start_date, a.end_date, a.date_precision, a.city, a.country_code, a.visibility, a.illustrative,
          COALESCE((SELECT array_agg(t.theme_code ORDER BY t.theme_code) FROM action_theme t WHERE t.action_id = a.id), '{}') AS themes,
          COALESCE((SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'role', ap.role) ORDER BY p.name)
                    FROM action_partner ap JOIN partner p ON p.id = ap.partner_id WHERE ap.action_id = a.id), '[]') AS partners
        FROM page JOIN action a ON a.id = page.id JOIN gad g ON g.id = a.gad_id) r) AS items`.execute(db);
  const row = result.rows[0]!;
  return { rows: row.items, matched: row.matched, bound, facets: row.facets };
}
