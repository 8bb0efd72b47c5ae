import { sql } from 'kysely';
import countries from 'i18n-iso-countries';
import type { Ctx } from '../../../context.ts';
import { resolvePeriod } from '../positioning.ts';
import { findGad, inPeriod, presentGad } from './queries.ts';
import { thisYear } from './get-positioning.ts';
import { placeCities } from '../get-partner-map.ts';

/**
 * For the world map: the partner countries of a GAD's actions (or of every GAD's) with how many
 * actions and partners each has, and partner cities placed from the shipped gazetteer. A country
 * counts an action when a partner of it is from there or when the action took place there; Ecuador
 * itself (visits received, events hosted) is left out. Cities the gazetteer does not know are named
 * apart so nobody mistakes a missing point for no partner.
 */
export async function getPartnerMap(ctx: Ctx, q: { gad?: string; from?: number; to?: number; undated: 'include' | 'exclude' }) {
  const period = resolvePeriod(q, thisYear(ctx));
  const gad = q.gad ? await findGad(ctx.db, q.gad) : null;
  const acts = sql`SELECT a.id, a.country_code, a.city FROM action a WHERE ${gad ? sql`a.gad_id = ${gad.id} AND` : sql``} ${inPeriod(ctx.actor, 'a', period, q.undated)}`;
  const [byCountry, cityRows] = await Promise.all([
    sql<{ code: string; name_es: string; name_en: string; name_pt: string; region: string; actions: number; partners: number }>`
      WITH acts AS (${acts}),
        links AS (SELECT acts.id AS action_id, p.country_code AS code, p.id AS partner_id FROM acts
            JOIN action_partner ap ON ap.action_id = acts.id JOIN partner p ON p.id = ap.partner_id WHERE p.country_code IS NOT NULL
          UNION ALL SELECT acts.id, acts.country_code, NULL FROM acts WHERE acts.country_code IS NOT NULL)
      SELECT c.code, c.name_es, c.name_en, c.name_pt, c.world_region AS region, count(DISTINCT l.action_id)::int AS actions, count(DISTINCT l.partner_id)::int AS partners
      FROM links l JOIN country c ON c.code = l.code WHERE c.code <> 'EC' GROUP BY 1, 2, 3, 4, 5 ORDER BY 6 DESC, 1`.execute(ctx.db),
    sql<{ city: string; country: string; actions: number; partners: string[] }>`
      WITH acts AS (${acts}),
        places AS (SELECT acts.id AS action_id, p.city, p.country_code AS country, p.name AS partner FROM acts
            JOIN action_partner ap ON ap.action_id = acts.id JOIN partner p ON p.id = ap.partner_id WHERE p.city IS NOT NULL AND p.country_code IS NOT NULL
          UNION ALL SELECT acts.id, acts.city, acts.country_code, NULL FROM acts WHERE acts.city IS NOT NULL AND acts.country_code IS NOT NULL)
      SELECT city, country, count(DISTINCT action_id)::int AS actions, coalesce(array_agg(DISTINCT partner) FILTER (WHERE partner IS NOT NULL), '{}') AS partners
      FROM places WHERE country <> 'EC' GROUP BY 1, 2 ORDER BY 3 DESC, 1`.execute(ctx.db),
  ]);
  const { cities, unplaced } = placeCities(cityRows.rows);
  return {
    gad: gad ? presentGad(gad) : null, from: period.from, to: period.to, undated: q.undated,
    countries: byCountry.rows.map((c) => ({
      code: c.code, isoNumeric: countries.alpha2ToNumeric(c.code) ?? null, name: { es: c.name_es, en: c.name_en, pt: c.name_pt },
      region: c.region, actions: c.actions, partners: c.partners,
    })),
    cities,
    unplaced,
  };
}
