import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { gadRef, visibleTo } from '../shared/visibility.ts';
import { documentVisible } from '../documents/queries.ts';
import type { SearchQuery } from './schema.ts';

/**
 * Typo tolerance for names and titles: pg_trgm's `<%` (word similarity at or above
 * pg_trgm.word_similarity_threshold, 0.6; "Barcelna" ~ "Barcelona" is 0.67), which the trigram
 * indexes on titles and names can answer.
 */

function escapeHtml(text: RawBuilder<unknown>) {
  return sql`replace(replace(replace(${text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;
}

/**
 * One row per match, from four branches. Each branch carries the caller's visibility in its
 * WHERE clause, so the page, the total and every facet count only what the caller may open.
 */
function hits(actor: Actor, query: SearchQuery, bound: number) {
  const q = query.q;
  const es = sql`websearch_to_tsquery('spanish', f_unaccent(${q}))`;
  const byLanguage = (language: RawBuilder<unknown>) => sql`websearch_to_tsquery(glocal_stem_config(${language}), f_unaccent(${q}))`;
  const plain = sql`f_unaccent(lower(${q}))`;
  const similar = (column: RawBuilder<unknown>) => sql`word_similarity(${plain}, f_unaccent(lower(${column})))`;
  const near = (column: RawBuilder<unknown>) => sql`${plain} <% f_unaccent(lower(${column}))`;
  // One tsquery per language, so each branch of the OR can use the GIN index.
  const documentText = sql`((d.language = 'es' AND dt.search_vector @@ ${es})
    OR (d.language = 'en' AND dt.search_vector @@ websearch_to_tsquery('english', f_unaccent(${q})))
    OR (d.language = 'pt' AND dt.search_vector @@ websearch_to_tsquery('portuguese', f_unaccent(${q}))))`;

  const actionFilters: RawBuilder<boolean>[] = [];
  if (query.gad) actionFilters.push(sql<boolean>`a.gad_id = ${gadRef(query.gad)}`);
  if (query.type) actionFilters.push(sql<boolean>`a.type = ${query.type}`);
  if (query.year) actionFilters.push(sql<boolean>`extract(year FROM a.start_date) = ${query.year}`);
  if (query.theme) actionFilters.push(sql<boolean>`EXISTS (SELECT 1 FROM action_theme th WHERE th.action_id = a.id AND th.theme_code = ${query.theme})`);
  if (query.country) actionFilters.push(sql<boolean>`a.country_code = ${query.country}`);
  const onActions = actionFilters.length ? sql`AND ${sql.join(actionFilters, sql` AND `)}` : sql``;
  // Partners belong to no GAD and no action: only the country filter applies to them.
  const partnersIncluded = !query.gad && !query.type && !query.year && !query.theme;

  const common = sql`a.gad_id, a.type, extract(year FROM a.start_date)::int AS year, a.country_code, a.id AS action_id, a.title AS action_title`;

  const actionHit = sql`SELECT 'action' AS kind, a.id, a.title, ${common}, NULL::uuid AS document_id, NULL::text AS document_title, NULL::text AS file_name,
        NULL::text AS "where", ts_rank(a.search_vector, ${es}) + 0.5 * ${similar(sql`a.title`)} AS score, 'es' AS language
      FROM action a WHERE ${visibleTo(actor, 'a')} ${onActions}`;
  // Full-text hits on actions first; the fuzzy title scan (a trigram index scan that costs more than
  // the full-text one for a long query) runs only when they leave room under the bound, so every hit
  // is in the set whenever there are at most `bound`.
  const actionCtes = sql`action_fts AS MATERIALIZED (${actionHit} AND a.search_vector @@ ${es} LIMIT ${bound + 1}),
    action_fuzzy AS MATERIALIZED (${actionHit} AND ${near(sql`a.title`)} AND NOT coalesce(a.search_vector @@ ${es}, false)
      AND (SELECT count(*) FROM action_fts) <= ${bound} LIMIT ${bound + 1})`;

  const branches: RawBuilder<unknown>[] = [
    sql`SELECT * FROM action_fts`,
    sql`SELECT * FROM action_fuzzy`,
    sql`SELECT 'lesson', l.id, l.title, ${common}, NULL::uuid, NULL::text, NULL::text, 'lesson',
        ts_rank(l.search_vector, ${es}) + 0.5 * ${similar(sql`l.title`)}, 'es'
      FROM lesson l JOIN action a ON a.id = l.action_id
      WHERE ${visibleTo(actor, 'l')} AND ${visibleTo(actor, 'a')} ${onActions}
        AND (l.search_vector @@ ${es} OR ${near(sql`l.title`)})`,
    sql`SELECT 'document', d.id, d.title, ${common}, d.id, d.title, d.file_name, 'document',
        coalesce(ts_rank(dt.search_vector, ${byLanguage(sql`d.language`)}), 0) + 0.5 * ${similar(sql`d.title`)}, d.language
      FROM document d JOIN action a ON a.id = d.action_id LEFT JOIN document_text dt ON dt.document_id = d.id
      WHERE ${documentVisible(actor)} ${onActions}
        AND NOT EXISTS (SELECT 1 FROM document newer WHERE newer.document_key = d.document_key AND newer.version > d.version AND newer.deleted_at IS NULL)
        AND (${documentText} OR to_tsvector('spanish', f_unaccent(d.title)) @@ ${es}
          OR ${near(sql`d.title`)})`,
  ];
  if (partnersIncluded) {
    branches.push(sql`SELECT 'partner', p.id, p.name, NULL::uuid, NULL::text, NULL::int, p.country_code, NULL::uuid, NULL::text,
        NULL::uuid, NULL::text, NULL::text, 'title',
        ts_rank(to_tsvector('simple', f_unaccent(p.name)), websearch_to_tsquery('simple', f_unaccent(${q}))) + 0.5 * ${similar(sql`p.name`)}, 'es'
      FROM partner p
      WHERE p.deleted_at IS NULL AND p.merged_into_id IS NULL ${query.country ? sql`AND p.country_code = ${query.country}` : sql``}
        AND (to_tsvector('simple', f_unaccent(p.name)) @@ websearch_to_tsquery('simple', f_unaccent(${q}))
          OR ${near(sql`p.name`)}
          OR EXISTS (SELECT 1 FROM partner_alias pa WHERE pa.partner_id = p.id AND ${near(sql`pa.alias`)}))`);
  }
  return { ctes: actionCtes, union: sql`(${sql.join(branches, sql` UNION ALL `)})` };
}

export interface HitRow {
  kind: 'action' | 'partner' | 'lesson' | 'document';
  id: string;
  title: string;
  where: 'title' | 'description' | 'lesson' | 'document';
  score: number;
  snippet: string;
  gad_id: string | null;
  gad_dpa_code: string | null;
  gad_name: string | null;
  action_id: string | null;
  action_title: string | null;
  document_id: string | null;
  document_title: string | null;
  file_name: string | null;
}

type FacetName = 'kind' | 'type' | 'year' | 'gad' | 'theme' | 'country';

export interface SearchPage {
  rows: HitRow[];
  /** Hits in the bounded set: the exact total when it is at most `bound`. */
  matched: number;
  bound: number;
  facets: Record<FacetName, Record<string, number>>;
}

/** The text a snippet is cut from, read for the page's hits only (a document's text can be long). */
const body = sql`CASE page.kind
    WHEN 'action' THEN (SELECT a.title || E'\n' || coalesce(a.description, '') FROM action a WHERE a.id = page.id)
    WHEN 'lesson' THEN (SELECT concat_ws(E'\n', l.title, l.results, l.advice, l.obstacles, l.errors, l.applied_home) FROM lesson l WHERE l.id = page.id)
    WHEN 'document' THEN (SELECT d.title || E'\n' || coalesce(dt.body, '') FROM document d LEFT JOIN document_text dt ON dt.document_id = d.id WHERE d.id = page.id)
    ELSE (SELECT concat_ws(E'\n', p.name, p.city) FROM partner p WHERE p.id = page.id) END`;

/**
 * The page, the total and the facets from one pass over the hits (they used to be found twice,
 * the first time with the full text of every hit). A broad search ("agua") hits a quarter of all
 * actions: past `bound` hits the set holds the first `bound` found, the total says "more than",
 * and the ranking and facets cover that set.
 */
export async function selectSearchPage(db: Db, actor: Actor, query: SearchQuery, exactLimit: number): Promise<SearchPage> {
  const q = query.q;
  const bound = Math.max(exactLimit, query.offset + query.limit);
  const found = hits(actor, query, bound);
  // Where an action matched is only worth working out for the page.
  const actionWhere = sql`CASE WHEN to_tsvector('spanish', f_unaccent(page.title)) @@ websearch_to_tsquery('spanish', f_unaccent(${q}))
    OR f_unaccent(lower(${q})) <% f_unaccent(lower(page.title)) THEN 'title' ELSE 'description' END`;
  const result = await sql<{ matched: number; facets: Record<FacetName, Record<string, number> | null>; items: HitRow[] }>`
    WITH ${found.ctes},
    h AS MATERIALIZED (SELECT * FROM ${found.union} x LIMIT ${bound + 1}),
    page AS (SELECT h.*, row_number() OVER (ORDER BY h.score DESC, h.kind, h.id) AS position
      FROM h ORDER BY h.score DESC, h.kind, h.id LIMIT ${query.limit} OFFSET ${query.offset})
    SELECT (SELECT count(*)::int FROM h) AS matched, json_build_object(
      'kind', (SELECT json_object_agg(kind, n) FROM (SELECT kind, count(*) AS n FROM h GROUP BY kind) f),
      'type', (SELECT json_object_agg(type, n) FROM (SELECT type, count(*) AS n FROM h WHERE type IS NOT NULL GROUP BY type) f),
      'year', (SELECT json_object_agg(year, n) FROM (SELECT year, count(*) AS n FROM h WHERE year IS NOT NULL GROUP BY year) f),
      'gad', (SELECT json_object_agg(dpa_code, n) FROM (SELECT g.dpa_code, count(*) AS n FROM h JOIN gad g ON g.id = h.gad_id GROUP BY g.dpa_code) f),
      'theme', (SELECT json_object_agg(theme_code, n) FROM (SELECT t.theme_code, count(*) AS n FROM h JOIN action_theme t ON t.action_id = h.action_id GROUP BY t.theme_code) f),
      'country', (SELECT json_object_agg(country_code, n) FROM (SELECT country_code, count(*) AS n FROM h WHERE country_code IS NOT NULL GROUP BY country_code) f)
    ) AS facets,
    (SELECT coalesce(json_agg(row_to_json(r) ORDER BY r.position), '[]') FROM (
      SELECT page.position, page.kind, page.id, page.title, coalesce(page."where", ${actionWhere}) AS "where", page.score::float8 AS score,
        page.action_id, page.action_title, page.document_id, page.document_title, page.file_name,
        page.gad_id, g.dpa_code AS gad_dpa_code, g.name AS gad_name,
        ts_headline(glocal_headline_config(page.language), ${escapeHtml(sql`left(${body}, 100000)`)},
          websearch_to_tsquery(glocal_headline_config(page.language), ${q}),
          'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') AS snippet
      FROM page LEFT JOIN gad g ON g.id = page.gad_id) r) AS items`.execute(db);
  const row = result.rows[0]!;
  const facets = Object.fromEntries(Object.entries(row.facets).map(([name, counts]) => [name, counts ?? {}]));
  return { rows: row.items, matched: row.matched, bound, facets: facets as SearchPage['facets'] };
}
