import { actionTypes, type ActionInput } from '../actions/schema.ts';

export type ActionKind = (typeof actionTypes)[number];
export type Locale = 'es' | 'en' | 'pt';
export const locales: Locale[] = ['es', 'en', 'pt'];
export const localeOf = (value: string | null | undefined): Locale => {
  const first = (value ?? '').split(',')[0]!.trim().slice(0, 2).toLowerCase();
  return first === 'en' || first === 'pt' ? first : 'es';
};

type FieldType = 'text' | 'date' | 'int' | 'list' | 'partners';

/** One spreadsheet column: where it lands in the action input, its headers and an example. */
export interface Field {
  key: string;
  at: 'core' | 'details';
  prop: string;
  column: string;
  type: FieldType;
  labels: Record<Locale, string>;
  example: string;
}

const f = (key: string, at: Field['at'], type: FieldType, labels: [string, string, string], example: string, prop = key): Field => ({
  key, at, prop, type, example, column: prop.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
  labels: { es: labels[0], en: labels[1], pt: labels[2] },
});

const core: Field[] = [
  f('externalId', 'core', 'text', ['Id externo', 'External id', 'Id externo'], 'QUITO-2024-001'),
  f('title', 'core', 'text', ['Título', 'Title', 'Título'], 'Convenio con Bogotá'),
  f('description', 'core', 'text', ['Descripción', 'Description', 'Descrição'], ''),
  f('startDate', 'core', 'date', ['Fecha de inicio', 'Start date', 'Data de início'], '2024-03-01'),
  f('endDate', 'core', 'date', ['Fecha de fin', 'End date', 'Data de término'], ''),
  f('datePrecision', 'core', 'text', ['Precisión de la fecha', 'Date precision', 'Precisão da data'], 'day'),
  f('city', 'core', 'text', ['Ciudad', 'City', 'Cidade'], 'Bogotá'),
  f('country', 'core', 'text', ['País', 'Country', 'País'], 'CO'),
  f('visibility', 'core', 'text', ['Visibilidad', 'Visibility', 'Visibilidade'], 'public'),
  f('themes', 'core', 'list', ['Temas', 'Themes', 'Temas'], 'culture;tourism'),
  f('partners', 'core', 'partners', ['Contrapartes', 'Partners', 'Parceiros'], 'Alcaldía Mayor de Bogotá'),
  f('territorialScope', 'core', 'text', ['Alcance territorial', 'Territorial scope', 'Alcance territorial'], ''),
  f('motive', 'core', 'text', ['Motivo', 'Motive', 'Motivo'], ''),
  f('channel', 'core', 'text', ['Canal', 'Channel', 'Canal'], ''),
  f('governanceMode', 'core', 'text', ['Modo de gobernanza', 'Governance mode', 'Modo de governança'], ''),
  f('sourceNote', 'core', 'text', ['Fuente', 'Source', 'Fonte'], ''),
];
core.find((x) => x.key === 'country')!.column = 'country_code';

const details: Record<ActionKind, Field[]> = {
  participation: [
    f('convener', 'details', 'text', ['Convocante', 'Convener', 'Convocante'], 'UCCI'),
    f('funding', 'details', 'text', ['Financiamiento', 'Funding', 'Financiamento'], 'partial'),
    f('fundingNote', 'details', 'text', ['Nota de financiamiento', 'Funding note', 'Nota de financiamento'], ''),
  ],
  award: [
    f('convener', 'details', 'text', ['Convocante', 'Convener', 'Convocante'], 'UCCI'),
    f('year', 'details', 'int', ['Año', 'Year', 'Ano'], '2010'),
    f('category', 'details', 'text', ['Categoría', 'Category', 'Categoria'], ''),
    f('coordinatingUnit', 'details', 'text', ['Unidad coordinadora', 'Coordinating unit', 'Unidade coordenadora'], ''),
    f('outcome', 'details', 'text', ['Resultado', 'Outcome', 'Resultado'], 'won'),
  ],
  visit: [
    f('agenda', 'details', 'text', ['Agenda', 'Agenda', 'Agenda'], ''),
    f('outcome', 'details', 'text', ['Resultado', 'Outcome', 'Resultado'], 'approach'),
  ],
  hosted_event: [
    f('coOrganiser', 'details', 'text', ['Coorganizador', 'Co-organiser', 'Coorganizador'], ''),
    f('topic', 'details', 'text', ['Tema del evento', 'Topic', 'Tópico'], ''),
    f('outcomeDocument', 'details', 'text', ['Documento final', 'Outcome document', 'Documento final'], ''),
  ],
  agreement: [
    f('agreementKind', 'details', 'text', ['Tipo de instrumento', 'Instrument kind', 'Tipo de instrumento'], 'twinning', 'kind'),
    f('areas', 'details', 'text', ['Áreas', 'Areas', 'Áreas'], 'cultura, turismo'),
    f('signedOn', 'details', 'date', ['Fecha de firma', 'Signed on', 'Data de assinatura'], '2024-03-01'),
    f('signedPlace', 'details', 'text', ['Lugar de firma', 'Signed at', 'Local de assinatura'], 'Quito'),
    f('validFrom', 'details', 'date', ['Vigente desde', 'Valid from', 'Válido desde'], ''),
    f('validUntil', 'details', 'date', ['Vigente hasta', 'Valid until', 'Válido até'], ''),
    f('agreementState', 'details', 'text', ['Estado', 'State', 'Estado'], 'signed', 'state'),
    f('sentToMinistryOn', 'details', 'date', ['Enviado a Cancillería', 'Sent to the ministry', 'Enviado à chancelaria'], ''),
  ],
  membership: [
    f('memberSince', 'details', 'date', ['Miembro desde', 'Member since', 'Membro desde'], '2005-01-01'),
    f('activityLevel', 'details', 'text', ['Nivel de actividad', 'Activity level', 'Nível de atividade'], 'low'),
    f('activityNote', 'details', 'text', ['Nota de actividad', 'Activity note', 'Nota de atividade'], ''),
    f('committees', 'details', 'list', ['Comités', 'Committees', 'Comitês'], ''),
  ],
  project: [
    f('modality', 'details', 'text', ['Modalidad', 'Modality', 'Modalidade'], 'non_reimbursable'),
    f('direction', 'details', 'text', ['Dirección', 'Direction', 'Direção'], 'received'),
    f('flow', 'details', 'text', ['Flujo', 'Flow', 'Fluxo'], 'north_south'),
    f('projectState', 'details', 'text', ['Estado', 'State', 'Estado'], 'in_progress', 'state'),
    f('approvedBy', 'details', 'text', ['Aprobado por', 'Approved by', 'Aprovado por'], ''),
    f('approvedOn', 'details', 'date', ['Fecha de aprobación', 'Approved on', 'Data de aprovação'], ''),
    f('registerNumber', 'details', 'text', ['Número de registro', 'Register number', 'Número de registro'], ''),
    f('iatiIdentifier', 'details', 'text', ['Identificador IATI', 'IATI identifier', 'Identificador IATI'], ''),
  ],
};

export const fieldsFor = (kind: ActionKind): Field[] => [...core, ...details[kind]];

/** The role a partner named in a spreadsheet row plays, by kind of action. */
export const importedPartnerRole: Record<ActionKind, string> = {
  participation: 'convener', award: 'awarding_body', visit: 'delegation', hosted_event: 'co_organiser',
  agreement: 'counterpart', membership: 'network', project: 'funder',
};

export type Flat = Record<string, string | null>;

const norm = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Which file column feeds which field: the saved or sent mapping first, else a header equal to
 * the field's key or to its label in any of the three languages (accents and case ignored).
 */
export function resolveMapping(headers: string[], fields: { key: string; labels: Record<Locale, string> }[], mapping: Record<string, string>): Map<string, number> {
  const byField = new Map<string, number>();
  const keys = new Set(fields.map((x) => x.key));
  headers.forEach((header, index) => {
    const target = mapping[header];
    if (target && keys.has(target)) byField.set(target, index);
  });
  if (Object.keys(mapping).length > 0) return byField;
  headers.forEach((header, index) => {
    const h = norm(header);
    const field = fields.find((x) => norm(x.key) === h || locales.some((l) => norm(x.labels[l]) === h));
    if (field && !byField.has(field.key)) byField.set(field.key, index);
  });
  return byField;
}

const split = (value: string) => value.split(';').map((s) => s.trim()).filter(Boolean);

/** A flat row (cells by field key) as the input `POST /api/actions` takes, for its zod schema to judge. */
export function toActionInput(kind: ActionKind, flat: Flat): unknown {
  const input: Record<string, unknown> = { type: kind };
  const detailsInput: Record<string, unknown> = {};
  for (const field of fieldsFor(kind)) {
    const raw = flat[field.key];
    if (raw == null || raw.trim() === '') continue;
    const value = raw.trim();
    const target = field.at === 'core' ? input : detailsInput;
    if (field.type === 'int') target[field.prop] = /^-?\d+$/.test(value) ? Number(value) : value;
    else if (field.type === 'list') target[field.prop] = split(value);
    else if (field.type === 'partners') {
      // Resolved partners travel as "id@role"; a bare id takes the kind's usual role.
      target[field.prop] = split(value).map((entry) => {
        const [partnerId, role] = entry.split('@');
        return { partnerId, role: role || importedPartnerRole[kind] };
      });
    }
    else target[field.prop] = field.key === 'title' || field.type === 'date' ? value : raw;
  }
  input.details = detailsInput;
  return input;
}

function stringify(value: unknown): string | null {
  if (value == null) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map((v) => (typeof v === 'object' && v ? `${(v as { partnerId: string }).partnerId}@${(v as { role: string }).role}` : String(v))).sort().join(';');
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const s = String(value);
  return s === '' ? null : s;
}

/** The comparable form of an input: what a re-import compares with the stored record. */
export function canonicalOfInput(kind: ActionKind, input: ActionInput): Flat {
  const out: Flat = {};
  const d = input.details as Record<string, unknown>;
  for (const field of fieldsFor(kind)) {
    out[field.key] = stringify(field.at === 'core' ? (input as Record<string, unknown>)[field.prop] : d[field.prop]);
  }
  return out;
}

/** The same form from a stored row (columns by field key; themes and partner ids as arrays). */
export function canonicalOfRow(kind: ActionKind, row: Record<string, unknown>): Flat {
  const out: Flat = {};
  for (const field of fieldsFor(kind)) out[field.key] = stringify(row[field.key]);
  return out;
}

export const sameFlat = (a: Flat, b: Flat) => Object.keys(a).every((k) => (a[k] ?? null) === (b[k] ?? null));

export function diffFlat(before: Flat, after: Flat): Record<string, { before: string | null; after: string | null }> {
  const diff: Record<string, { before: string | null; after: string | null }> = {};
  for (const key of Object.keys(after)) if ((before[key] ?? null) !== (after[key] ?? null)) diff[key] = { before: before[key] ?? null, after: after[key] ?? null };
  return diff;
}
