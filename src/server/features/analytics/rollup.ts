import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Rollup } from '../../rollups/registry.ts';

/**
 * The analytics dashboards' rollups (migration 0081): for each GAD, the live actions grouped by
 * visibility and start year (NULL when undated), so readers sum the rows they may see over any
 * period. Each statement is the dashboards' former live SQL grouped by those keys instead of
 * filtered by them, which is why the figures are the same.
 */
const TABLES = ['analytics_action_year', 'analytics_role', 'analytics_money', 'analytics_breakdown', 'analytics_country', 'analytics_country_partner', 'analytics_city'];

const year = sql`EXTRACT(YEAR FROM a.start_date)::int`;

async function refresh(db: Db, gadIds: string[]): Promise<void> {
  const ids = sql`${gadIds}::uuid[]`;
  const live = sql`a.gad_id = ANY(${ids}) AND a.deleted_at IS NULL`;
  for (const table of TABLES) await sql`DELETE FROM ${sql.table(table)} WHERE gad_id = ANY(${ids})`.execute(db);

  await sql`INSERT INTO analytics_action_year (gad_id, visibility, year, type, n, won, no_theme)
    SELECT a.gad_id, a.visibility, ${year}, a.type, count(*), count(*) FILTER (WHERE aw.outcome = 'won'),
      count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM action_theme t WHERE t.action_id = a.id))
    FROM action a LEFT JOIN award aw ON aw.action_id = a.id WHERE ${live} GROUP BY 1, 2, 3, 4`.execute(db);

  await sql`INSERT INTO analytics_role (gad_id, visibility, start_year, end_year, n)
    SELECT a.gad_id, a.visibility, EXTRACT(YEAR FROM r.term_start)::int, EXTRACT(YEAR FROM r.term_end)::int, count(*)
    FROM membership_role r JOIN action a ON a.id = r.action_id WHERE ${live} GROUP BY 1, 2, 3, 4`.execute(db);

  await sql`INSERT INTO analytics_money (gad_id, visibility, year, currency, amount_minor)
    SELECT a.gad_id, a.visibility, ${year}, pa.currency, sum(pa.amount_minor)
    FROM project_amount pa JOIN action a ON a.id = pa.action_id WHERE pa.kind = 'budget' AND ${live} GROUP BY 1, 2, 3, 4`.execute(db);

  // Breakdowns: one dimension per statement; an action has at most one value of each, or several themes.
  const insertBreakdown = (dimension: string, code: ReturnType<typeof sql>, from: ReturnType<typeof sql>, count = sql`count(*)`) =>
    sql`INSERT INTO analytics_breakdown (gad_id, visibility, year, dimension, code, n)
      SELECT a.gad_id, a.visibility, ${year}, ${dimension}, ${code}, ${count} FROM ${from} WHERE ${live} GROUP BY 1, 2, 3, 4, 5`.execute(db);
  await insertBreakdown('theme', sql`t.theme_code`, sql`action a JOIN action_theme t ON t.action_id = a.id`);
  for (const column of ['territorial_scope', 'motive', 'channel', 'governance_mode']) {
    await insertBreakdown(column, sql`a.${sql.raw(column)}`, sql`action a`);
  }
  for (const column of ['direction', 'flow', 'modality']) {
    await insertBreakdown(column, sql`p.${sql.raw(column)}`, sql`action a JOIN project p ON p.action_id = a.id`);
  }
  // A partner region counts an action once however many partners it has there; Ecuador itself is left out.
  await insertBreakdown('region', sql`c.world_region`, sql`action a
    JOIN LATERAL (SELECT p.country_code FROM action_partner ap JOIN partner p ON p.id = ap.partner_id WHERE ap.action_id = a.id
      UNION SELECT a.country_code) pc ON pc.country_code IS NOT NULL AND pc.country_code <> 'EC'
    JOIN country c ON c.code = pc.country_code`, sql`count(DISTINCT a.id)`);

  // Partner map: a country counts an action when a partner is from there or the action took place there.
  const links = sql`links AS (
      SELECT a.gad_id, a.visibility, ${year} AS year, a.id AS action_id, p.country_code AS country, p.id AS partner_id
      FROM action a JOIN action_partner ap ON ap.action_id = a.id JOIN partner p ON p.id = ap.partner_id
      WHERE ${live} AND p.country_code IS NOT NULL AND p.country_code <> 'EC'
      UNION ALL SELECT a.gad_id, a.visibility, ${year}, a.id, a.country_code, NULL FROM action a
      WHERE ${live} AND a.country_code IS NOT NULL AND a.country_code <> 'EC')`;
  await sql`WITH ${links} INSERT INTO analytics_country (gad_id, visibility, year, country, actions)
    SELECT gad_id, visibility, year, country, count(DISTINCT action_id) FROM links GROUP BY 1, 2, 3, 4`.execute(db);
  await sql`WITH ${links} INSERT INTO analytics_country_partner (gad_id, visibility, year, country, partner_id)
    SELECT DISTINCT gad_id, visibility, year, country, partner_id FROM links WHERE partner_id IS NOT NULL`.execute(db);
  await sql`WITH places AS (
      SELECT a.gad_id, a.visibility, ${year} AS year, a.id AS action_id, p.city, p.country_code AS country, p.name AS partner
      FROM action a JOIN action_partner ap ON ap.action_id = a.id JOIN partner p ON p.id = ap.partner_id
      WHERE ${live} AND p.city IS NOT NULL AND p.country_code IS NOT NULL AND p.country_code <> 'EC'
      UNION ALL SELECT a.gad_id, a.visibility, ${year}, a.id, a.city, a.country_code, NULL FROM action a
      WHERE ${live} AND a.city IS NOT NULL AND a.country_code IS NOT NULL AND a.country_code <> 'EC')
    INSERT INTO analytics_city (gad_id, visibility, year, city, country, actions, partners)
    SELECT gad_id, visibility, year, city, country, count(DISTINCT action_id),
      coalesce(array_agg(DISTINCT partner) FILTER (WHERE partner IS NOT NULL), '{}')
    FROM places GROUP BY 1, 2, 3, 4, 5`.execute(db);
}

export const analyticsRollup: Rollup = {
  name: 'analytics',
  refreshGad: (db, gadId) => refresh(db, [gadId]),
  refreshGads: refresh,
};
