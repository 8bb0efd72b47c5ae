import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../context.ts';
import { createPartnerIn } from '../partners/create-partner.ts';
import { iatiActivities, parseActivity, type IatiActivity } from './iati-xml.ts';
import { knownCodes, planActionRows, type SourceRow } from './plan-action-rows.ts';
import { writeActionRows } from './write-action-rows.ts';
import { PartnerResolver } from './resolve-partners.ts';
import type { ReportRow } from './reasons.ts';
import type { Flat } from './fields.ts';
import type { ImportContext, ImportOutcome } from './run-import.ts';
import { reportProgress } from './progress.ts';

// IATI OrganisationType → our partner types.
const ORG_TYPE: Record<string, string> = {
  '10': 'national_government', '11': 'local_government', '15': 'other', '21': 'ngo', '22': 'ngo', '23': 'ngo', '24': 'ngo',
  '30': 'other', '40': 'international_organisation', '60': 'ngo', '70': 'company', '71': 'company', '72': 'company', '73': 'company', '80': 'university', '90': 'other',
};
// IATI OrganisationRole: 1 Funding, 2 Accountable, 3 Extending, 4 Implementing.
const ORG_ROLE: Record<string, string> = { '1': 'funder', '2': 'other', '3': 'funder', '4': 'implementer' };
// IATI ActivityStatus → project state.
const STATUS: Record<string, string> = { '1': 'planned', '2': 'in_progress', '3': 'completed', '4': 'completed', '5': 'cancelled', '6': 'suspended' };

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

function modalityOf(financeType: string | null): string {
  if (!financeType) return 'technical_assistance';
  const code = Number(financeType);
  if (code >= 400 && code < 500) return 'reimbursable_credit';
  if (code >= 100 && code < 300) return 'non_reimbursable';
  return 'technical_assistance';
}

/** A participating organisation as a partner: by its IATI ref, else by name, else a new partner carrying the ref. */
async function partnerFor(tx: Db, actor: Actor, now: Date, resolver: PartnerResolver, made: Map<string, string>, org: IatiActivity['orgs'][number]): Promise<string | null> {
  const key = org.ref ?? org.name ?? '';
  if (made.has(key)) return made.get(key)!;
  if (org.ref) {
    const byRef = await sql<{ id: string }>`SELECT COALESCE(merged_into_id, id) AS id FROM partner WHERE iati_org_ref = ${org.ref} AND deleted_at IS NULL`.execute(tx);
    if (byRef.rows[0]) return byRef.rows[0].id;
  }
  const name = org.name ?? org.ref;
  if (!name) return null;
  const type = ORG_TYPE[org.type ?? ''] ?? 'other';
  const found = await resolver.resolve(name, { type });
  if (found.outcome === 'matched') {
    // Remember the ref on the partner found by name, so the next file finds it by ref.
    if (org.ref) await sql`UPDATE partner SET iati_org_ref = ${org.ref} WHERE id = ${found.match.id} AND iati_org_ref IS NULL`.execute(tx);
    made.set(key, found.match.id);
    return found.match.id;
  }
  const id = await createPartnerIn(tx, { db: tx, actor, now }, { name: name.slice(0, 500), type: type as never, country: null, city: null, aliases: org.ref && org.ref !== name ? [org.ref] : [] });
  if (org.ref) await sql`UPDATE partner SET iati_org_ref = ${org.ref} WHERE id = ${id}`.execute(tx);
  made.set(key, id);
  return id;
}

/**
 * IATI 2.01–2.03 activities in Ecuador (recipient-country EC) become projects of the importing
 * GAD, keyed on their iati-identifier, so a second import of the same file changes nothing.
 * Every other activity is accounted for in the report with its reason.
 */
export async function importIati(c: ImportContext): Promise<ImportOutcome> {
  const report: ReportRow[] = [];
  let version: string | null = null;
  const sources: SourceRow[] = [];
  const identifiers = new Map<string, number>();
  const resolver = new PartnerResolver(c.tx);
  const made = new Map<string, string>();
  let total = 0;
  for await (const chunk of iatiActivities(c.data, (v) => { version = v; })) {
    total++;
    const row = chunk.index + 1;
    const info = (reason: ReportRow['reason'], params: Record<string, unknown> = {}, value: string | null = null, severity: 'error' | 'info' = 'info') =>
      report.push({ row, column: `line ${chunk.line}`, value, reason, params, severity });
    const v = version as string | null;
    if (v && /^\d+(\.\d+)?$/.test(v) && !['2.01', '2.02', '2.03'].includes(v)) { info('iati_version', { version: v }); continue; }
    const a = parseActivity(chunk.xml);
    if (!a.identifier) { info('iati_no_identifier'); continue; }
    if (identifiers.has(a.identifier)) { info('iati_duplicate', {}, a.identifier); continue; }
    identifiers.set(a.identifier, row);
    if (!a.recipientCountries.includes('EC')) { info('iati_not_ecuador', {}, a.identifier); continue; }
    if (!a.title) { info('iati_no_title', {}, a.identifier, 'error'); continue; }
    const partners: string[] = [];
    for (const org of a.orgs) {
      const id = await partnerFor(c.tx, c.actor, c.now, resolver, made, org);
      if (id) partners.push(`${id}@${ORG_ROLE[org.role ?? ''] ?? 'other'}`);
    }
    const start = a.dates.find((d) => d.type === '2' && isDate(d.date)) ?? a.dates.find((d) => d.type === '1' && isDate(d.date));
    const end = a.dates.find((d) => d.type === '4' && isDate(d.date)) ?? a.dates.find((d) => d.type === '3' && isDate(d.date));
    const flat: Flat = {
      externalId: `iati:${a.identifier}`.slice(0, 200), title: a.title.slice(0, 1000), description: a.description, startDate: start?.date ?? null,
      endDate: end && (!start || end.date >= start.date) ? end.date : null, country: 'EC', visibility: 'public', partners: [...new Set(partners)].join(';'),
      sourceNote: `IATI ${v ?? ''}`.trim(), modality: modalityOf(a.financeType), direction: 'received', projectState: STATUS[a.status ?? ''] ?? 'planned',
      iatiIdentifier: a.identifier.slice(0, 200),
    };
    sources.push({ row, gadId: c.run.gad_id, flat });
    reportProgress(c.run.id, 'read', total, 0);
  }
  // The iati-identifier is unique across the platform: one held by another GAD is reported, not overwritten.
  const taken = await sql<{ iati_identifier: string }>`
    SELECT iati_identifier FROM project WHERE iati_identifier = ANY(${sources.map((s) => s.flat.iatiIdentifier!)}::text[]) AND gad_id <> ${c.run.gad_id}`.execute(c.tx);
  const takenSet = new Set(taken.rows.map((r) => r.iati_identifier));
  const own = sources.filter((s) => {
    if (!takenSet.has(s.flat.iatiIdentifier!)) return true;
    report.push({ row: s.row, column: null, value: s.flat.iatiIdentifier!, reason: 'iati_other_gad', params: {}, severity: 'info' });
    return false;
  });
  const plan = await planActionRows(c.tx, 'project', 'upsert', own, await knownCodes(c.tx));
  report.push(...plan.problems.map((p) => ({ row: p.row, column: p.field, value: null, reason: p.reason, params: p.params })));
  if (c.write) await writeActionRows(c.tx, c.actor, 'project', plan, c.run.id, c.now);
  report.sort((x, y) => x.row - y.row);
  return { rowsTotal: total, created: plan.inserts.length, updated: plan.updates.length, unchanged: plan.unchanged, report };
}
