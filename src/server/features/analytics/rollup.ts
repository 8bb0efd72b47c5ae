import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Rollup } from '../../rollups/registry.ts';

/**
 * The analytics dashboards' rollups (migration 0081): for each GAD, the live actions grouped by
 * visibility and start year (NULL when undated), so readers sum the rows they may see over any
 * period. Each statement is the dashboards' former live SQL grouped by those keys instead of
 * filtered by them, which is why the figures are the same.
 */
const TABLES = ['analytics_action_year', 'analytics_role', 'analytics_money', 'analytics_breakdown', 'analytics_country', 'analytics_country_partner', 'analytics_city', 'analytics_timeline'];

const year = sql`EXTRACT(YEAR FROM a.start_date)::int`;

async function refresh(db: Db, gadIds: string[]): Promise<void> {
  const ids = sql`${gadIds}::uuid[]`;
  const live = sql`a.gad_id = ANY(${ids}) AND a.deleted_at IS NULL`;
  for (const table of TABLES) await sql`DELETE FROM ${sql.table(table)} WHERE gad_id = ANY(${ids})`.execute(db);

  // One pass over the GADs' actions feeds every per-action figure (kinds, typologies, projects, themes).
  await sql`WITH acts AS MATERIALIZED (
      SELECT a.id, a.gad_id, a.visibility, ${year} AS year, a.type, a.territorial_scope, a.motive, a.channel, a.governance_mode,
        aw.outcome IS NOT DISTINCT FROM 'won' AS won, NOT EXISTS (SELECT 1 FROM action_theme t WHERE t.action_id = a.id) AS no_theme
      FROM action a LEFT JOIN award aw ON aw.action_id = a.id WHERE ${live}),
    kinds AS (INSERT INTO analytics_action_year (gad_id, visibility, year, type, n, won, no_theme)
      SELECT gad_id, visibility, year, type, count(*), count(*) FILTER (WHERE won), count(*) FILTER (WHERE no_theme) FROM acts GROUP BY 1, 2, 3, 4),
    typologies AS (INSERT INTO analytics_breakdown (gad_id, visibility, year, dimension, code, n)
      SELECT gad_id, visibility, year, d.dimension, d.code, count(*) FROM acts
      CROSS JOIN LATERAL (VALUES ('territorial_scope', territorial_scope), ('motive', motive), ('channel', channel), ('governance_mode', governance_mode)) d (dimension, code)
      GROUP BY 1, 2, 3, 4, 5),
    projects AS (INSERT INTO analytics_breakdown (gad_id, visibility, year, dimension, code, n)
      SELECT acts.gad_id, acts.visibility, acts.year, d.dimension, d.code, count(*) FROM acts JOIN project p ON p.action_id = acts.id
      CROSS JOIN LATERAL (VALUES ('direction', p.direction), ('flow', p.flow), ('modality', p.modality)) d (dimension, code)
      GROUP BY 1, 2, 3, 4, 5),
    -- An action has each theme once (the link's primary key), so rows count actions.
    themes AS (INSERT INTO analytics_breakdown (gad_id, visibility, year, dimension, code, n)
      SELECT acts.gad_id, acts.visibility, acts.year, 'theme', t.theme_code, count(*) FROM acts JOIN action_theme t ON t.action_id = acts.id
      GROUP BY 1, 2, 3, 4, 5)
    SELECT 1`.execute(db);

  await sql`INSERT INTO analytics_timeline (gad_id, visibility, type, starts_on, ends_on, title, action_id)
    SELECT a.gad_id, a.visibility, a.type, COALESCE(ag.signed_on, ag.valid_from, a.start_date),
      COALESCE(ag.valid_until, a.end_date, ag.signed_on, ag.valid_from, a.start_date), a.title, a.id
    FROM action a LEFT JOIN agreement ag ON ag.action_id = a.id WHERE ${live}`.execute(db);

  await sql`INSERT INTO analytics_role (gad_id, visibility, start_year, end_year, n)
    SELECT a.gad_id, a.visibility, EXTRACT(YEAR FROM r.term_start)::int, EXTRACT(YEAR FROM r.term_end)::int, count(*)
    FROM membership_role r JOIN action a ON a.id = r.action_id WHERE ${live} GROUP BY 1, 2, 3, 4`.execute(db);

  await sql`INSERT INTO analytics_money (gad_id, visibility, year, currency, amount_minor)
    SELECT a.gad_id, a.visibility, ${year}, pa.currency, sum(pa.amount_minor)
    FROM project_amount pa JOIN action a ON a.id = pa.action_id WHERE pa.kind = 'budget' AND ${live} GROUP BY 1, 2, 3, 4`.execute(db);

  // One pass over the actions' partners feeds the places abroad: partner regions, countries and cities.
  await sql`WITH acts AS MATERIALIZED (
      SELECT a.id, a.gad_id, a.visibility, ${year} AS year, a.country_code, a.city FROM action a WHERE ${live}),
    partners AS MATERIALIZED (
      SELECT acts.id AS action_id, acts.gad_id, acts.visibility, acts.year, p.id AS partner_id, p.country_code AS country, p.city, p.name
      FROM acts JOIN action_partner ap ON ap.action_id = acts.id JOIN partner p ON p.id = ap.partner_id
      WHERE p.country_code IS NOT NULL AND p.country_code <> 'EC'),
    -- Each action once per country abroad: a partner is from there, or the action took place there. Ecuador itself is left out.
    countries AS MATERIALIZED (
      SELECT action_id, gad_id, visibility, year, country FROM partners
      UNION SELECT id, gad_id, visibility, year, country_code FROM acts WHERE country_code IS NOT NULL AND country_code <> 'EC'),
    regions AS (INSERT INTO analytics_breakdown (gad_id, visibility, year, dimension, code, n)
      SELECT c.gad_id, c.visibility, c.year, 'region', co.world_region, count(DISTINCT c.action_id)
      FROM countries c JOIN country co ON co.code = c.country GROUP BY 1, 2, 3, 4, 5),
    by_country AS (INSERT INTO analytics_country (gad_id, visibility, year, country, actions)
      SELECT gad_id, visibility, year, country, count(*) FROM countries GROUP BY 1, 2, 3, 4),
    country_partners AS (INSERT INTO analytics_country_partner (gad_id, visibility, year, country, partner_id)
      SELECT DISTINCT gad_id, visibility, year, country, partner_id FROM partners),
    cities AS (INSERT INTO analytics_city (gad_id, visibility, year, city, country, actions, partners)
      SELECT gad_id, visibility, year, city, country, count(DISTINCT action_id),
        coalesce(array_agg(DISTINCT partner) FILTER (WHERE partner IS NOT NULL), '{}')
      FROM (SELECT action_id, gad_id, visibility, year, city, country, name AS partner FROM partners WHERE city IS NOT NULL
        UNION ALL SELECT id, gad_id, visibility, year, city, country_code, NULL FROM acts
        WHERE city IS NOT NULL AND country_code IS NOT NULL AND country_code <> 'EC') places
      GROUP BY 1, 2, 3, 4, 5)
    SELECT 1`.execute(db);
}

export const analyticsRollup: Rollup = {
  name: 'analytics',
  refreshGad: (db, gadId) => refresh(db, [gadId]),
  refreshGads: refresh,
};
