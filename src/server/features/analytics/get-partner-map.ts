import { sql } from 'kysely';
import countries from 'i18n-iso-countries';
import type { Ctx } from '../../context.ts';
import { resolvePeriod } from './positioning.ts';
import { findGad, inRollupPeriod, presentGad } from './queries.ts';
import { rollupsAsOf } from '../../rollups/as-of.ts';
import { readNationalView, type NationalView } from '../../rollups/national-views.ts';
import type { Db } from '../../db/database.ts';
import { thisYear } from './get-positioning.ts';
import { locateCity } from './gazetteer.ts';

/** Places cities from the shipped gazetteer; "Bogotá" as a partner's city and "BOGOTA" as a meeting place are one point. */
export function placeCities(rows: { city: string; country: string; actions: number; partners: string[] }[]) {
  const cities = new Map<string, { name: string; country: string; lat: number; lon: number; actions: number; partners: string[] }>();
  const unplaced: { city: string; country: string; actions: number }[] = [];
  for (const r of rows) {
    const place = locateCity(r.city, r.country);
    if (!place) { unplaced.push({ city: r.city, country: r.country, actions: r.actions }); continue; }
    const key = `${place.country}|${place.name}`;
    const entry = cities.get(key) ?? { name: r.city, country: place.country, lat: place.lat, lon: place.lon, actions: 0, partners: [] };
    entry.actions += r.actions;
    entry.partners = [...new Set([...entry.partners, ...r.partners])].sort();
    cities.set(key, entry);
  }
  return { cities: [...cities.values()].sort((a, b) => b.actions - a.actions || a.name.localeCompare(b.name, 'es')), unplaced };
}

type PartnerMapQuery = { gad?: string; from?: number; to?: number; undated: 'include' | 'exclude' };
type NationalParams = { from: number; to: number; undated: 'include' | 'exclude' };

/**
 * For the world map: the partner countries of a GAD's actions (or of every GAD's) with how many
 * actions and partners each has, and partner cities placed from the shipped gazetteer. A country
 * counts an action when a partner of it is from there or when the action took place there; Ecuador
 * itself (visits received, events hosted) is left out. Cities the gazetteer does not know are named
 * apart so nobody mistakes a missing point for no partner.
 *
 * Every GAD's map counts distinct partners over about a million rollup rows at national scale (over a
 * second): it is a national view, kept per kind of reader and period. `primary` computes it when none is
 * younger than the last rollup change; ctx.db (perhaps a replica) serves it.
 */
export async function getPartnerMap(ctx: Ctx, q: PartnerMapQuery, primary: Db = ctx.db) {
  if (q.gad) return partnerMapOf(ctx, q);
  const { from, to } = resolvePeriod(q, thisYear(ctx));
  return readNationalView(ctx, primary, partnerMapView, { from, to, undated: q.undated }) as Promise<Awaited<ReturnType<typeof partnerMapOf>>>;
}

export const partnerMapView: NationalView<NationalParams> = {
  name: 'partner-map',
  compute: async (ctx, params) => { const { asOf: _asOf, ...map } = await partnerMapOf(ctx, params); return map; },
};

async function partnerMapOf(ctx: Ctx, q: PartnerMapQuery) {
  const period = resolvePeriod(q, thisYear(ctx));
  const gad = q.gad ? await findGad(ctx.db, q.gad) : null;
  const where = sql`${gad ? sql`r.gad_id = ${gad.id} AND` : sql``} ${inRollupPeriod(ctx.actor, 'r', period, q.undated)}`;
  const [byCountry, cityRows, asOf] = await Promise.all([
    sql<{ code: string; name_es: string; name_en: string; name_pt: string; region: string; actions: number; partners: number }>`
      WITH acts AS (SELECT r.country, sum(r.actions)::int AS actions FROM analytics_country r WHERE ${where} GROUP BY 1),
        -- A partner counts once per country however many GADs and years it shares (DISTINCT first: hashed, not sorted).
        partners AS (SELECT country, count(*)::int AS partners FROM (SELECT DISTINCT r.country, r.partner_id FROM analytics_country_partner r WHERE ${where}) d GROUP BY 1)
      SELECT c.code, c.name_es, c.name_en, c.name_pt, c.world_region AS region, acts.actions, coalesce(partners.partners, 0) AS partners
      FROM acts JOIN country c ON c.code = acts.country LEFT JOIN partners ON partners.country = acts.country ORDER BY 6 DESC, 1`.execute(ctx.db),
    sql<{ city: string; country: string; actions: number; partners: string[] }>`
      WITH rows AS (SELECT r.city, r.country, r.actions, r.partners FROM analytics_city r WHERE ${where}),
        -- Sum per city before joining the names: grouping by the names array sorted every rollup row with its array.
        acts AS (SELECT city, country, sum(actions)::int AS actions FROM rows GROUP BY 1, 2),
        names AS (SELECT city, country, array_agg(name ORDER BY name) AS partners FROM (SELECT DISTINCT city, country, name FROM rows, unnest(rows.partners) AS name) d GROUP BY 1, 2)
      SELECT acts.city, acts.country, acts.actions, coalesce(names.partners, '{}') AS partners
      FROM acts LEFT JOIN names ON names.city = acts.city AND names.country = acts.country
      ORDER BY 3 DESC, 1`.execute(ctx.db),
    rollupsAsOf(ctx.db, gad ? [gad.id] : undefined),
  ]);
  const { cities, unplaced } = placeCities(cityRows.rows);
  return {
    gad: gad ? presentGad(gad) : null, from: period.from, to: period.to, undated: q.undated, asOf,
    countries: byCountry.rows.map((c) => ({
      code: c.code, isoNumeric: countries.alpha2ToNumeric(c.code) ?? null, name: { es: c.name_es, en: c.name_en, pt: c.name_pt },
      region: c.region, actions: c.actions, partners: c.partners,
    })),
    cities,
    unplaced,
  };
}
