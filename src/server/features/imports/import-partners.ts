import { sql } from 'kysely';
import { partnerInput, type PartnerInput } from '../partners/schema.ts';
import { createPartnerIn } from '../partners/create-partner.ts';
import { matchPartners } from '../partners/match-partners.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { changedFields } from '../actions/update-action.ts';
import { reasonOfIssue, type ReportRow } from './reasons.ts';
import type { Locale } from './fields.ts';
import type { ImportContext, ImportOutcome } from './run-import.ts';
import { readRows } from './run-import.ts';

const label = (es: string, en: string, pt: string): Record<Locale, string> => ({ es, en, pt });

export const partnerFields = [
  { key: 'externalId', labels: label('Id externo', 'External id', 'Id externo'), example: 'SOCIO-001' },
  { key: 'name', labels: label('Nombre', 'Name', 'Nome'), example: 'Alcaldía Mayor de Bogotá' },
  { key: 'type', labels: label('Tipo', 'Type', 'Tipo'), example: 'local_government' },
  { key: 'country', labels: label('País', 'Country', 'País'), example: 'CO' },
  { key: 'city', labels: label('Ciudad', 'City', 'Cidade'), example: 'Bogotá' },
  { key: 'aliases', labels: label('Otros nombres', 'Other names', 'Outros nomes'), example: 'Bogotá D.C.;Bogotá' },
];

// A new partner this close to an existing one is probably the same organisation under another name.
const DUPLICATE_SCORE = 0.9;

/** Partners are shared; a GAD's own ids for them live in partner_external_ref, which keys update and upsert. */
export async function importPartnerRows(c: ImportContext): Promise<ImportOutcome> {
  const { rows, headerOf } = await readRows(c.data, partnerFields, c.run.mapping);
  const countries = new Set((await sql<{ code: string }>`SELECT code FROM country`.execute(c.tx)).rows.map((r) => r.code));
  const report: ReportRow[] = [];
  const seen = new Map<string, number>();
  let created = 0, updated = 0, unchanged = 0;
  for (const { row, flat } of rows) {
    const problem = (field: string | null, reason: ReportRow['reason'], params: Record<string, unknown> = {}) =>
      report.push({ row, column: headerOf(field), value: field ? (flat[field] ?? null) : null, reason, params });
    const externalId = flat.externalId?.trim() || null;
    if (!externalId && c.run.mode !== 'create') { problem('externalId', 'external_id_required', { mode: c.run.mode }); continue; }
    if (externalId && seen.has(externalId)) { problem('externalId', 'duplicate_in_file', { first: seen.get(externalId) }); continue; }
    if (externalId) seen.set(externalId, row);
    const ref = externalId
      ? (await sql<{ partner_id: string }>`SELECT partner_id FROM partner_external_ref WHERE gad_id = ${c.run.gad_id} AND external_id = ${externalId}`.execute(c.tx)).rows[0]
      : undefined;
    if (ref && c.run.mode === 'create') { problem('externalId', 'already_exists'); continue; }
    if (!ref && c.run.mode === 'update') { problem('externalId', 'not_found'); continue; }
    const current = ref ? (await sql<{ name: string; type: string; country_code: string | null; city: string | null; aliases: string[] }>`
      SELECT name, type, country_code, city, COALESCE((SELECT array_agg(alias ORDER BY alias) FROM partner_alias WHERE partner_id = p.id), '{}') AS aliases
      FROM partner p WHERE id = ${ref.partner_id}`.execute(c.tx)).rows[0] : undefined;
    const merged = {
      name: flat.name ?? current?.name, type: flat.type ?? current?.type, country: flat.country ?? current?.country_code, city: flat.city ?? current?.city,
      aliases: flat.aliases != null ? flat.aliases.split(';').map((s) => s.trim()).filter(Boolean) : current?.aliases ?? [],
    };
    const parsed = partnerInput.safeParse(Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, v === '' ? undefined : v])));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) { const r = reasonOfIssue(issue as never); problem(r.path[0] ?? null, r.reason, r.params); }
      continue;
    }
    const input: PartnerInput = parsed.data;
    if (input.country && !countries.has(input.country)) { problem('country', 'unknown_country'); continue; }
    if (!ref) {
      const [best] = await matchPartners(c.tx, { name: input.name, country: input.country ?? null, type: input.type, limit: 1 });
      if (best && best.score >= DUPLICATE_SCORE) { problem('name', 'possible_duplicate', { name: best.name, score: best.score }); continue; }
      created++;
      if (!c.write) continue;
      const id = await createPartnerIn(c.tx, { db: c.tx, actor: c.actor, now: c.now }, input);
      if (externalId) await sql`INSERT INTO partner_external_ref (gad_id, external_id, partner_id) VALUES (${c.run.gad_id}, ${externalId}, ${id})`.execute(c.tx);
      continue;
    }
    const before = { name: current!.name, type: current!.type, country: current!.country_code, city: current!.city, aliases: [...current!.aliases].sort() };
    const after = { name: input.name, type: input.type, country: input.country ?? null, city: input.city ?? null, aliases: [...new Set(input.aliases.filter((a) => a !== input.name))].sort() };
    if (JSON.stringify(before) === JSON.stringify(after)) { unchanged++; continue; }
    updated++;
    if (!c.write) continue;
    await sql`UPDATE partner SET name = ${after.name}, type = ${after.type}, country_code = ${after.country}, city = ${after.city},
      version = version + 1, updated_at = ${c.now} WHERE id = ${ref.partner_id}`.execute(c.tx);
    await sql`DELETE FROM partner_alias WHERE partner_id = ${ref.partner_id}`.execute(c.tx);
    for (const alias of after.aliases) await sql`INSERT INTO partner_alias (partner_id, alias) VALUES (${ref.partner_id}, ${alias})`.execute(c.tx);
    await recordAudit(c.tx, { actor: c.actor, gadId: null, entity: 'partner', entityId: ref.partner_id, operation: 'update', diff: { import: c.run.id, ...changedFields(before, after) } });
  }
  return { rowsTotal: rows.length, created, updated, unchanged, report };
}
