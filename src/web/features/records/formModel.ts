import type { ActionDetail, ActionType } from '../../api/client.ts';

/**
 * The action form's state, mirroring the write API (src/server/features/actions/schema.ts): the
 * common core, then the kind's own fields in `details`. Text inputs hold '' for "empty"; toBody turns
 * that into null.
 */
export interface PartnerChoice { partnerId: string; name: string; role: string }
export interface DelegateRow { name: string; title: string; organisation: string; country: string }
export interface RoleRow { role: string; label: string; body: string; termStart: string; termEnd: string }
export interface AmountRow { kind: string; amount: string; currency: string; onDate: string }

export interface ActionForm {
  type: ActionType;
  title: string;
  description: string;
  startDate: string;
  endDate: string;
  datePrecision: string;
  city: string;
  country: string;
  visibility: string;
  themes: string[];
  partners: PartnerChoice[];
  territorialScope: string;
  motive: string;
  channel: string;
  governanceMode: string;
  sourceNote: string;
  ambiguityNote: string;
  details: Record<string, string>;
  delegates: DelegateRow[];
  roles: RoleRow[];
  committees: string[];
  amounts: AmountRow[];
}

export type FieldKind = 'text' | 'textarea' | 'date' | 'number' | 'enum';
export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** Enum values; labels are `enum.<enumKey ?? name>.<value>`. */
  options?: readonly string[];
  required?: boolean;
}

export const PARTNER_ROLES = ['counterpart', 'convener', 'host', 'network', 'funder', 'co_organiser', 'delegation', 'awarding_body', 'member', 'implementer', 'other'] as const;
export const VISIBILITIES = ['own', 'gads', 'government', 'public'] as const;
export const MEMBERSHIP_ROLES = ['president', 'co_president', 'vice_president', 'committee_chair', 'executive_committee_member', 'council_member', 'other'] as const;
export const AMOUNT_KINDS = ['budget', 'commitment', 'disbursement', 'counterpart_contribution'] as const;

export const CLASSIFICATION: FieldSpec[] = [
  { name: 'territorialScope', kind: 'enum', options: ['cross_border', 'trans_regional', 'global'] },
  { name: 'motive', kind: 'enum', options: ['economic', 'cultural', 'political'] },
  { name: 'channel', kind: 'enum', options: ['formal', 'informal'] },
  { name: 'governanceMode', kind: 'enum', options: ['self_governing', 'co_governing', 'hierarchical_governing'] },
];

/** The scalar kind fields of each kind, in the order a form shows them; lists are separate. */
export const KIND_FIELDS: Record<ActionType, FieldSpec[]> = {
  participation: [
    { name: 'convener', kind: 'text' },
    { name: 'funding', kind: 'enum', options: ['none', 'partial', 'full'] },
    { name: 'fundingNote', kind: 'textarea' },
  ],
  award: [
    { name: 'convener', kind: 'text' },
    { name: 'year', kind: 'number' },
    { name: 'category', kind: 'text' },
    { name: 'coordinatingUnit', kind: 'text' },
    { name: 'outcome', kind: 'enum', options: ['applied', 'finalist', 'won', 'not_won'], required: true },
  ],
  visit: [
    { name: 'agenda', kind: 'textarea' },
    { name: 'outcome', kind: 'enum', options: ['protocol', 'approach', 'instrument_signed'] },
  ],
  hosted_event: [
    { name: 'coOrganiser', kind: 'text' },
    { name: 'topic', kind: 'textarea' },
    { name: 'outcomeDocument', kind: 'text' },
  ],
  agreement: [
    { name: 'kind', kind: 'enum', options: ['twinning', 'cooperation_agreement', 'memorandum', 'letter_of_intent', 'addendum'], required: true },
    { name: 'state', kind: 'enum', options: ['negotiating', 'signed', 'in_force', 'expired', 'terminated', 'dormant', 'reactivated'], required: true },
    { name: 'areas', kind: 'textarea' },
    { name: 'signedOn', kind: 'date' },
    { name: 'signedPlace', kind: 'text' },
    { name: 'validFrom', kind: 'date' },
    { name: 'validUntil', kind: 'date' },
    { name: 'sentToMinistryOn', kind: 'date' },
  ],
  membership: [
    { name: 'memberSince', kind: 'date' },
    { name: 'activityLevel', kind: 'enum', options: ['none', 'low', 'medium', 'high'] },
    { name: 'activityNote', kind: 'textarea' },
  ],
  project: [
    { name: 'modality', kind: 'enum', options: ['technical_assistance', 'non_reimbursable', 'reimbursable_credit', 'in_kind'], required: true },
    { name: 'direction', kind: 'enum', options: ['received', 'offered', 'mutual'], required: true },
    { name: 'flow', kind: 'enum', options: ['north_south', 'south_south', 'triangular'] },
    { name: 'state', kind: 'enum', options: ['planned', 'in_progress', 'completed', 'cancelled', 'suspended'] },
    { name: 'approvedBy', kind: 'text' },
    { name: 'approvedOn', kind: 'date' },
    { name: 'registerNumber', kind: 'text' },
    { name: 'iatiIdentifier', kind: 'text' },
  ],
};

export const hasDelegates = (type: ActionType) => type === 'participation' || type === 'visit';

export function emptyForm(type: ActionType): ActionForm {
  return {
    type, title: '', description: '', startDate: '', endDate: '', datePrecision: 'day', city: '', country: '', visibility: 'own',
    themes: [], partners: [], territorialScope: '', motive: '', channel: '', governanceMode: '', sourceNote: '', ambiguityNote: '',
    details: type === 'project' ? { state: 'planned' } : {}, delegates: [], roles: [], committees: [], amounts: [],
  };
}

const s = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** A stored action (GET /api/actions/:id, or the `current` of a 409) as form state. */
export function formFromDetail(a: ActionDetail): ActionForm {
  const d = (a.details ?? {}) as Record<string, unknown>;
  const details: Record<string, string> = {};
  for (const spec of KIND_FIELDS[a.type]) details[spec.name] = s(d[spec.name]);
  const rec = a as unknown as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(d[key]) ? (d[key] as Record<string, unknown>[]) : []);
  return {
    type: a.type, title: a.title, description: s(a.description), startDate: s(a.startDate), endDate: s(a.endDate),
    datePrecision: a.datePrecision ?? 'day', city: s(a.city), country: s(a.country), visibility: a.visibility,
    themes: [...a.themes].sort(),
    partners: a.partners.map((p) => ({ partnerId: p.id, name: p.name, role: p.role ?? 'counterpart' })),
    territorialScope: s(rec.territorialScope), motive: s(rec.motive), channel: s(rec.channel), governanceMode: s(rec.governanceMode),
    sourceNote: s(a.sourceNote), ambiguityNote: s(a.ambiguityNote), details,
    delegates: list('delegates').map((x) => ({ name: s(x.name), title: s(x.title), organisation: s(x.organisation), country: s(x.country) })),
    roles: list('roles').map((x) => ({ role: s(x.role), label: s(x.label), body: s(x.body), termStart: s(x.termStart), termEnd: s(x.termEnd) })),
    committees: Array.isArray(d.committees) ? d.committees.map(s) : [],
    amounts: list('amounts').map((x) => ({ kind: s(x.kind), amount: x.amountMinor === null || x.amountMinor === undefined ? '' : String(Number(x.amountMinor) / 100), currency: s(x.currency), onDate: s(x.onDate) })),
  };
}

const n = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The write API's body (without version or gad) for this form state. */
export function toBody(f: ActionForm): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const spec of KIND_FIELDS[f.type]) {
    const raw = f.details[spec.name] ?? '';
    if (spec.kind === 'number') details[spec.name] = raw.trim() === '' ? null : Number(raw);
    else if (spec.kind === 'enum' && spec.required) details[spec.name] = raw === '' ? undefined : raw;
    else details[spec.name] = n(raw);
  }
  if (f.type === 'project' && !details.state) details.state = 'planned';
  if (hasDelegates(f.type)) {
    details.delegates = f.delegates.filter((x) => x.name.trim() || x.organisation.trim())
      .map((x) => ({ name: n(x.name), title: n(x.title), organisation: n(x.organisation), country: n(x.country) }));
  }
  if (f.type === 'membership') {
    details.committees = f.committees.map((c) => c.trim()).filter(Boolean);
    details.roles = f.roles.map((r) => ({ role: r.role, label: n(r.label), body: n(r.body), termStart: n(r.termStart), termEnd: n(r.termEnd) }));
  }
  if (f.type === 'project') {
    details.amounts = f.amounts.map((m) => ({
      kind: m.kind, amountMinor: m.amount.trim() === '' ? undefined : Math.round(Number(m.amount.replace(',', '.')) * 100),
      currency: m.currency.trim().toUpperCase(), onDate: n(m.onDate),
    }));
  }
  return {
    type: f.type, title: f.title.trim(), description: n(f.description), startDate: n(f.startDate), endDate: n(f.endDate),
    datePrecision: f.datePrecision, city: n(f.city), country: n(f.country), visibility: f.visibility, themes: f.themes,
    partners: f.partners.map((p) => ({ partnerId: p.partnerId, role: p.role })),
    territorialScope: n(f.territorialScope), motive: n(f.motive), channel: n(f.channel), governanceMode: n(f.governanceMode),
    sourceNote: n(f.sourceNote), ambiguityNote: n(f.ambiguityNote), details,
  };
}

/** One comparable unit of the form, for the conflict merge. */
export interface MergeField { key: string; label: string; path: 'core' | 'details' | 'list' }

/** The keys a merge compares, one per visible field or list. */
export function mergeKeys(type: ActionType): MergeField[] {
  const core = ['title', 'description', 'startDate', 'endDate', 'datePrecision', 'city', 'country', 'visibility', 'themes', 'partners',
    'territorialScope', 'motive', 'channel', 'governanceMode', 'sourceNote', 'ambiguityNote'];
  const lists = [hasDelegates(type) ? 'delegates' : null, type === 'membership' ? 'roles' : null, type === 'membership' ? 'committees' : null,
    type === 'project' ? 'amounts' : null].filter((k): k is string => k !== null);
  return [
    ...core.map((key) => ({ key, label: key, path: 'core' as const })),
    ...KIND_FIELDS[type].map((spec) => ({ key: spec.name, label: spec.name, path: 'details' as const })),
    ...lists.map((key) => ({ key, label: key, path: 'list' as const })),
  ];
}

export function valueOf(form: ActionForm, field: MergeField): unknown {
  if (field.path === 'details') return form.details[field.key] ?? '';
  return (form as unknown as Record<string, unknown>)[field.key];
}

export function withValue(form: ActionForm, field: MergeField, value: unknown): ActionForm {
  if (field.path === 'details') return { ...form, details: { ...form.details, [field.key]: value as string } };
  return { ...form, [field.key]: value } as ActionForm;
}

export const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? '') === JSON.stringify(b ?? '');
