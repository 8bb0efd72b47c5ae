/**
 * IATI 2.03 activity XML for cooperation projects and funded agreements. Pure: rows in, XML text
 * out, one activity at a time so that the export streams. Element order follows the schema's sequence.
 */
export interface IatiPartner { name: string; role: string; type: string; country: string | null }
export interface IatiAmount { kind: 'budget' | 'commitment' | 'disbursement' | 'counterpart_contribution'; amountMinor: string | number; currency: string; onDate: string | null }
export interface IatiDocument { id: string; title: string; mediaType: string; kind: string; createdOn: string }
export interface IatiRow {
  id: string;
  type: 'project' | 'agreement';
  gadDpaCode: string;
  gadName: string;
  title: string;
  description: string | null;
  startDate: string | null;
  endDate: string | null;
  countryCode: string | null;
  iatiIdentifier: string | null;
  projectState: string | null;
  agreementState: string | null;
  direction: string | null;
  signedOn: string | null;
  validUntil: string | null;
  updatedAt: string;
  themes: { code: string; name: string }[];
  partners: IatiPartner[];
  amounts: IatiAmount[];
  documents: IatiDocument[];
}

// XML 1.0 forbids most control characters even when escaped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
export function esc(value: string): string {
  return value.replace(INVALID_XML, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}

const narrative = (text: string) => `<narrative xml:lang="es">${esc(text)}</narrative>`;

/** The GAD's organisation identifier: there is no IATI registry prefix for Ecuadorian GADs, so its INEC DPA code is used. */
export const orgRef = (dpaCode: string) => `EC-DPA-${dpaCode}`;

/** IATI OrganisationType codelist. */
const ORG_TYPE: Record<string, string> = {
  local_government: '11', regional_government: '11', national_government: '10', cooperation_agency: '10',
  development_bank: '40', un_body: '40', international_organisation: '40', city_network: '21', ngo: '22',
  university: '80', company: '70', other: '90',
};

/** IATI OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing. */
const PARTNER_ROLE: Record<string, string> = {
  funder: '1', implementer: '4', counterpart: '4', co_organiser: '4', host: '4', convener: '3', network: '3',
  awarding_body: '1', delegation: '3', member: '3', other: '3',
};

/** IATI ActivityStatus: 1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled, 6 suspended. */
const PROJECT_STATUS: Record<string, string> = { planned: '1', in_progress: '2', completed: '4', cancelled: '5', suspended: '6' };
const AGREEMENT_STATUS: Record<string, string> = {
  negotiating: '1', signed: '2', in_force: '2', reactivated: '2', dormant: '6', expired: '4', terminated: '5',
};

/** IATI DocumentCategory. */
const DOCUMENT_CATEGORY: Record<string, string> = { signed_instrument: 'A09', acta: 'A06', trip_report: 'A07', evidence: 'A07', letter: 'A12', draft: 'A02', other: 'A12' };

function money(amount: IatiAmount): string {
  const minor = BigInt(amount.amountMinor);
  const units = minor / 100n;
  const cents = (minor % 100n).toString().padStart(2, '0');
  return `${units}.${cents}`;
}

/** IATI TransactionType: money received is incoming (11 commitment, 1 funds), money offered is outgoing (2, 3). */
function transactionType(kind: IatiAmount['kind'], direction: string | null): string | null {
  const incoming = direction !== 'offered';
  if (kind === 'commitment') return incoming ? '11' : '2';
  if (kind === 'disbursement') return incoming ? '1' : '3';
  return null;
}

/** Sector percentages within one vocabulary must add up to 100. */
export function splitPercentages(count: number): string[] {
  if (count <= 1) return count === 1 ? ['100'] : [];
  const base = Math.floor(10000 / count) / 100;
  const shares = Array.from({ length: count }, () => base);
  shares[count - 1] = Math.round((100 - base * (count - 1)) * 100) / 100;
  return shares.map((s) => String(s));
}

export function iatiIdentifier(row: IatiRow): string {
  return row.iatiIdentifier ?? `${orgRef(row.gadDpaCode)}-${row.id}`;
}

/** The activity, or null when it has no date at all (the schema needs one, and none should be invented). */
export function activityXml(row: IatiRow, options: { publicUrl: string; themeVocabularyUri: string }): string | null {
  const start = row.type === 'agreement' ? row.signedOn ?? row.startDate : row.startDate;
  const end = row.type === 'agreement' ? row.validUntil ?? row.endDate : row.endDate;
  if (!start && !end) return null;
  const out: string[] = [];
  out.push(`<iati-activity last-updated-datetime="${esc(row.updatedAt)}" xml:lang="es" default-currency="${esc(row.amounts[0]?.currency ?? 'USD')}">`);
  out.push(`<iati-identifier>${esc(iatiIdentifier(row))}</iati-identifier>`);
  out.push(`<reporting-org ref="${esc(orgRef(row.gadDpaCode))}" type="11">${narrative(row.gadName)}</reporting-org>`);
  out.push(`<title>${narrative(row.title)}</title>`);
  out.push(`<description type="1">${narrative(row.description?.trim() || row.title)}</description>`);
  // The GAD answers for the activity; it implements what it receives and extends what it offers.
  out.push(`<participating-org ref="${esc(orgRef(row.gadDpaCode))}" role="2" type="11">${narrative(row.gadName)}</participating-org>`);
  out.push(`<participating-org ref="${esc(orgRef(row.gadDpaCode))}" role="${row.direction === 'offered' ? '3' : '4'}" type="11">${narrative(row.gadName)}</participating-org>`);
  for (const p of row.partners) {
    out.push(`<participating-org role="${PARTNER_ROLE[p.role] ?? '3'}" type="${ORG_TYPE[p.type] ?? '90'}">${narrative(p.name)}</participating-org>`);
  }
  const status = row.type === 'project' ? PROJECT_STATUS[row.projectState ?? 'planned'] : AGREEMENT_STATUS[row.agreementState ?? 'signed'];
  out.push(`<activity-status code="${status ?? '2'}"/>`);
  const started = status !== '1';
  const ended = status === '3' || status === '4' || status === '5';
  if (start) out.push(`<activity-date type="${started ? '2' : '1'}" iso-date="${start}"/>`);
  if (end) out.push(`<activity-date type="${ended ? '4' : '3'}" iso-date="${end}"/>`);
  // What GADs receive lands in Ecuador; what they offer lands where the action took place.
  const recipient = row.direction === 'offered' ? (row.countryCode && row.countryCode !== 'EC' ? row.countryCode : null) : 'EC';
  if (recipient) out.push(`<recipient-country code="${esc(recipient)}"/>`);
  const percentages = splitPercentages(row.themes.length);
  row.themes.forEach((theme, i) => {
    out.push(`<sector vocabulary="99" vocabulary-uri="${esc(options.themeVocabularyUri)}" code="${esc(theme.code)}" percentage="${percentages[i]}">${narrative(theme.name)}</sector>`);
  });
  for (const b of row.amounts.filter((a) => a.kind === 'budget')) {
    const periodStart = start ?? b.onDate;
    const periodEnd = end ?? periodStart;
    if (!periodStart || !periodEnd) continue;
    out.push(`<budget type="1" status="${status === '1' ? '1' : '2'}"><period-start iso-date="${periodStart}"/><period-end iso-date="${periodEnd}"/>`
      + `<value currency="${esc(b.currency)}" value-date="${b.onDate ?? periodStart}">${money(b)}</value></budget>`);
  }
  for (const t of row.amounts) {
    const code = transactionType(t.kind, row.direction);
    const date = t.onDate ?? start;
    if (!code || !date) continue;
    out.push(`<transaction><transaction-type code="${code}"/><transaction-date iso-date="${date}"/>`
      + `<value currency="${esc(t.currency)}" value-date="${date}">${money(t)}</value></transaction>`);
  }
  for (const d of row.documents) {
    out.push(`<document-link format="${esc(d.mediaType)}" url="${esc(`${options.publicUrl}/api/documents/${d.id}/download`)}">`
      + `<title>${narrative(d.title)}</title><category code="${DOCUMENT_CATEGORY[d.kind] ?? 'A12'}"/><language code="es"/>`
      + `<document-date iso-date="${d.createdOn}"/></document-link>`);
  }
  out.push('</iati-activity>');
  return out.join('\n');
}

export function iatiHeader(generatedAt: Date): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="${generatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}">\n`;
}

export const IATI_FOOTER = '</iati-activities>\n';
