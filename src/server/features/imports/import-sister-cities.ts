import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Locale, Flat } from './fields.ts';
import type { ImportContext, ImportOutcome } from './run-import.ts';
import { readRows } from './run-import.ts';
import { PartnerResolver, problemOf } from './resolve-partners.ts';
import { knownCodes, planActionRows, type ImportMode, type SourceRow } from './plan-action-rows.ts';
import { writeActionRows } from './write-action-rows.ts';
import type { ReportRow } from './reasons.ts';

const label = (es: string, en: string, pt: string): Record<Locale, string> => ({ es, en, pt });
export const sisterCityFields = [
  { key: 'city', labels: label('Ciudad', 'City', 'Cidade'), example: 'Quito' },
  { key: 'country', labels: label('País', 'Country', 'País'), example: 'EC' },
  { key: 'twinCity', labels: label('Ciudad hermana', 'Twin city', 'Cidade irmã'), example: 'Bogotá' },
  { key: 'twinCountry', labels: label('País de la ciudad hermana', 'Twin country', 'País da cidade irmã'), example: 'CO' },
];

const plain = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

/** Countries by ISO code or by their name in any of the three languages, as Wikidata-derived lists write them. */
async function countryResolver(db: Db) {
  const rows = await sql<{ code: string; name_es: string; name_en: string; name_pt: string }>`SELECT code, name_es, name_en, name_pt FROM country`.execute(db);
  const byName = new Map<string, string>();
  for (const r of rows.rows) for (const n of [r.code, r.name_es, r.name_en, r.name_pt]) byName.set(plain(n), r.code);
  return (value: string | null | undefined) => (value ? byName.get(plain(value)) ?? null : null);
}

/** A city is a canton: "Quito" is the Distrito Metropolitano de Quito, not Puerto Quito. */
async function findGad(db: Db, city: string): Promise<{ id: string; name: string } | { ambiguous: string[] } | null> {
  const result = await sql<{ id: string; name: string; similarity: number }>`
    WITH keyed AS (
      SELECT id, name, regexp_replace(f_unaccent(lower(name)), '^(distrito metropolitano de|gad municipal de|municipio de|canton) ', '') AS key
      FROM gad WHERE level IN ('municipal', 'metropolitan'))
    SELECT id, name, similarity(key, f_unaccent(lower(${city})))::float8 AS similarity FROM keyed
    WHERE key = f_unaccent(lower(${city})) OR key % f_unaccent(lower(${city}))
    ORDER BY (key = f_unaccent(lower(${city}))) DESC, similarity DESC LIMIT 3`.execute(db);
  const [best, second] = result.rows;
  if (!best) return null;
  if (best.similarity >= 1 && !(second && second.similarity >= 1)) return best;
  if (best.similarity < 0.75) return null;
  if (second && best.similarity - second.similarity < 0.05) return { ambiguous: result.rows.map((r) => r.name) };
  return best;
}

/**
 * Twinning pairs (city, country, twin city, twin country), such as lists derived from Wikidata
 * P190, become twinning agreements of the Ecuadorian GAD with the foreign city as partner,
 * keyed per GAD by the partner so a re-import in upsert mode changes nothing.
 */
export async function importSisterCities(c: ImportContext): Promise<ImportOutcome> {
  const { rows, headerOf } = await readRows(c.data, sisterCityFields, c.run.mapping);
  const countryOf = await countryResolver(c.tx);
  const resolver = new PartnerResolver(c.tx);
  const report: ReportRow[] = [];
  const sources: SourceRow[] = [];
  const seen = new Map<string, number>();
  const a = c.actor;
  for (const { row, flat } of rows) {
    const problem = (field: string | null, reason: ReportRow['reason'], params: Record<string, unknown> = {}, severity: 'error' | 'info' = 'error') =>
      report.push({ row, column: headerOf(field), value: field ? (flat[field] ?? null) : null, reason, params, severity });
    let [city, country, twin, twinCountry] = [flat.city?.trim() ?? '', countryOf(flat.country), flat.twinCity?.trim() ?? '', countryOf(flat.twinCountry)];
    if (country !== 'EC' && twinCountry === 'EC') [city, country, twin, twinCountry] = [twin, twinCountry, city, country];
    if (!city || !twin) { problem(!city ? 'city' : 'twinCity', 'required'); continue; }
    if (flat.twinCountry?.trim() && !twinCountry) { problem('twinCountry', 'unknown_country'); continue; }
    const gad = country === 'EC' ? await findGad(c.tx, city) : null;
    if (!gad) { problem('city', 'gad_not_found'); continue; }
    if ('ambiguous' in gad) { problem('city', 'partner_ambiguous', { candidates: gad.ambiguous.join('; ') }); continue; }
    if (a.kind === 'user' && a.role !== 'platform_admin' && a.gadId !== gad.id) { problem('city', 'gad_not_allowed'); continue; }
    const match = await resolver.resolve(twin, { country: twinCountry, type: 'local_government' });
    if (match.outcome !== 'matched') {
      const p = problemOf(twin, match);
      report.push({ row, column: headerOf('twinCity'), value: twin, reason: p.reason, params: p.params });
      continue;
    }
    const key = `${gad.id}|${match.match.id}`;
    // P190 lists name each pair from both sides; the second mention is the same agreement.
    if (seen.has(key)) { problem('twinCity', 'duplicate_in_file', { first: seen.get(key) }, 'info'); continue; }
    seen.set(key, row);
    const agreement: Flat = {
      externalId: `twinning:${match.match.id}`, title: `Hermanamiento ${gad.name} – ${match.match.name}`,
      country: match.match.country ?? twinCountry, visibility: 'public', partners: `${match.match.id}@counterpart`,
      agreementKind: 'twinning', agreementState: 'signed', sourceNote: 'Lista de ciudades hermanas',
    };
    sources.push({ row, gadId: gad.id, flat: agreement });
  }
  const plan = await planActionRows(c.tx, 'agreement', c.run.mode as ImportMode, sources, await knownCodes(c.tx));
  report.push(...plan.problems.map((p) => ({ row: p.row, column: headerOf(p.field), value: null, reason: p.reason, params: p.params })));
  if (c.write) await writeActionRows(c.tx, c.actor, 'agreement', plan, c.run.id, c.now);
  report.sort((x, y) => x.row - y.row);
  return { rowsTotal: rows.length, created: plan.inserts.length, updated: plan.updates.length, unchanged: plan.unchanged, report };
}
