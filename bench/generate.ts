import { parseArgs } from 'node:util';
import type { BenchDatabase } from './engines.ts';

/**
 * Deterministic synthetic data at national scale, loaded with COPY into a database that already
 * holds the migrations and the reference data. The same seed and scale always give the same rows.
 * Scale 1: 1,100 GADs (the real DPA list topped up), 200,000 partners, 1,000,000 actions skewed
 * Zipf-like over the GADs, 2,000,000 commitments and 200,000 documents' worth of text.
 * There is no table for document text yet (documents are files in storage), so that text lives
 * in the descriptions of one action in five, where search reads it.
 */
export interface GenerateOptions {
  scale: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface TableLoad {
  table: string;
  rows: number;
  seconds: number;
}

export interface GenerateResult {
  counts: Record<string, number>;
  loads: TableLoad[];
  indexSeconds: number;
  analyzeSeconds: number;
  totalSeconds: number;
}

export const BASE = { gads: 1_100, partners: 200_000, actions: 1_000_000, commitments: 2_000_000, documents: 200_000 };

const TYPES = [
  ['participation', 30], ['visit', 20], ['agreement', 15], ['hosted_event', 10], ['award', 8], ['membership', 7], ['project', 10],
] as const;
const VISIBILITY = [['public', 55], ['gads', 20], ['government', 15], ['own', 10]] as const;
const COMMITMENT_STATES = [['pending', 40], ['in_progress', 15], ['done', 40], ['cancelled', 5]] as const;
const PARTNER_TYPES = ['local_government', 'regional_government', 'national_government', 'cooperation_agency', 'development_bank',
  'un_body', 'city_network', 'international_organisation', 'ngo', 'university', 'company', 'other'] as const;
const TYPE_NOUN: Record<string, string[]> = {
  participation: ['Participación en el foro', 'Delegación al congreso', 'Asistencia a la cumbre'],
  visit: ['Visita oficial de la delegación', 'Recepción de la misión', 'Visita técnica'],
  agreement: ['Convenio de cooperación', 'Hermanamiento', 'Memorando de entendimiento', 'Carta de intención'],
  hosted_event: ['Encuentro internacional', 'Seminario regional', 'Feria internacional'],
  award: ['Postulación al premio', 'Candidatura al reconocimiento', 'Premio internacional'],
  membership: ['Membresía en la red', 'Adhesión a la red', 'Afiliación a la asociación'],
  project: ['Proyecto de cooperación', 'Programa de asistencia técnica', 'Proyecto de inversión'],
};
const TOPICS = ['agua potable', 'movilidad urbana', 'gestión de riesgos', 'patrimonio cultural', 'turismo sostenible', 'seguridad ciudadana',
  'cambio climático', 'residuos sólidos', 'desarrollo económico local', 'género e inclusión', 'educación', 'salud comunitaria',
  'gobierno abierto', 'espacio público', 'vivienda social', 'juventud', 'agricultura urbana', 'energías renovables',
  'ciudades resilientes', 'cultura de paz', 'migración y movilidad humana', 'innovación digital', 'biodiversidad', 'deporte'];
const PLACES = ['Bogotá', 'Lima', 'Madrid', 'Barcelona', 'Medellín', 'Montevideo', 'Buenos Aires', 'São Paulo', 'Ciudad de México', 'Santiago',
  'La Paz', 'Quito', 'Cuenca', 'Guayaquil', 'Loja', 'París', 'Lyon', 'Roma', 'Berlín', 'Seúl', 'Shanghái', 'Toronto', 'Miami', 'Rabat'];
const WORDS = ('cooperación municipio gobierno local ciudad territorio comunidad proyecto convenio acuerdo compromiso delegación ' +
  'intercambio experiencia capacitación financiamiento técnica asistencia institucional fortalecimiento participación ciudadana ' +
  'planificación estratégica desarrollo sostenible objetivos metas indicadores seguimiento evaluación informe resultados acta ' +
  'reunión agenda trabajo mesa diálogo red internacional alcaldía prefectura parroquia rural cantón provincia región frontera ' +
  'inversión presupuesto contraparte donación crédito agua saneamiento movilidad transporte patrimonio cultura turismo riesgo ' +
  'emergencia clima ambiente residuos energía vivienda salud educación juventud mujer género inclusión migración seguridad ' +
  'innovación tecnología datos abiertos transparencia gobernanza descentralización competencias ley ordenanza alcalde concejo').split(' ');

/** mulberry32: small, fast and good enough to make synthetic data reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh stream per (table, row), so any table can be generated alone and still agree with the others. */
function rngFor(seed: number, table: number, i: number) {
  return mulberry32(Math.imul(seed ^ (table * 0x9e3779b1), 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35));
}

function weighted<T extends string>(options: readonly (readonly [T, number])[], r: number): T {
  const total = options.reduce((s, [, w]) => s + w, 0);
  let x = r * total;
  for (const [value, w] of options) {
    x -= w;
    if (x < 0) return value;
  }
  return options[options.length - 1]![0];
}

/** Cumulative Zipf weights (exponent s) over n ranks; sample with a uniform r. */
function zipf(n: number, s: number): (r: number) => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cumulative[k] = sum += 1 / Math.pow(k + 1, s);
  return (r) => {
    const x = r * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const pick = <T>(list: readonly T[], r: number): T => list[Math.floor(r * list.length)]!;
export const syntheticId = (kind: number, i: number) => `b${kind.toString(16)}000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const cell = (v: string | number | boolean | null | undefined) =>
  v === null || v === undefined ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, ' ').replace(/\n/g, ' ');
const line = (values: (string | number | boolean | null | undefined)[]) => `${values.map(cell).join('\t')}\n`;
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const EPOCH = Date.UTC(2000, 0, 1);
const SPAN_DAYS = 9_800;

function* chunks(count: number, row: (i: number) => string, size = 5_000): Generator<string> {
  for (let start = 0; start < count; start += size) {
    let out = '';
    for (let i = start; i < Math.min(count, start + size); i++) out += row(i);
    yield out;
  }
}

function sentence(r: () => number, words: number): string {
  const out: string[] = [];
  for (let k = 0; k < words; k++) out.push(pick(WORDS, r()));
  return out.join(' ');
}

export async function generate(target: BenchDatabase, options: GenerateOptions): Promise<GenerateResult> {
  const seed = options.seed ?? 20_261_202;
  const log = options.log ?? (() => {});
  const started = performance.now();
  const n = {
    partners: Math.round(BASE.partners * options.scale),
    actions: Math.round(BASE.actions * options.scale),
    commitments: Math.round(BASE.commitments * options.scale),
    documents: Math.round(BASE.documents * options.scale),
  };
  const q = async <R>(text: string, params: unknown[] = []) => (await target.raw(text, params) as { rows: R[] }).rows;

  // GADs: the real DPA list, topped up with synthetic parishes; Quito first so that the most active GAD is a real one.
  const existing = await q<{ id: string; dpa_code: string; level: string }>(`SELECT id, dpa_code, level FROM gad ORDER BY (dpa_code = '1701') DESC, level, dpa_code`);
  const canton = existing.find((g) => g.level === 'municipal' || g.level === 'metropolitan')!;
  const missing = Math.max(0, BASE.gads - existing.length);
  const loads: TableLoad[] = [];
  const load = async (table: string, columns: string[], count: number, row: (i: number) => string) => {
    const t0 = performance.now();
    const rows = await target.copy(table, columns, chunks(count, row));
    // The tables loaded next check their foreign keys against this one, with plans made on its statistics:
    // left at the demo data's, a two-column key was checked through a bitmap of a GAD's rows (minutes, not seconds).
    await target.raw(`ANALYZE ${table}`);
    const seconds = (performance.now() - t0) / 1000;
    loads.push({ table, rows, seconds });
    log(`  ${table}: ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString('en')} rows/s)`);
  };
  await load('gad', ['id', 'dpa_code', 'name', 'level', 'parent_id', 'illustrative'], missing,
    (i) => line([syntheticId(0, i), `90${String(i).padStart(4, '0')}`, `Parroquia sintética ${i + 1}`, 'rural_parish', canton.id, true]));
  const gadIds = [...existing.map((g) => g.id), ...Array.from({ length: missing }, (_, i) => syntheticId(0, i))];
  const countries = (await q<{ code: string }>(`SELECT code FROM country WHERE code <> 'EC' ORDER BY code`)).map((c) => c.code);
  const themes = (await q<{ code: string }>(`SELECT code FROM theme ORDER BY position`)).map((t) => t.code);
  const gadRank = zipf(gadIds.length, 1.0);
  const partnerRank = zipf(Math.max(1, n.partners), 0.9);

  // Secondary indexes are rebuilt once after the load: far faster than maintaining them row by row.
  const tables = ['partner', 'action', 'action_theme', 'action_partner', 'participation', 'award', 'visit', 'hosted_event', 'agreement',
    'membership', 'project', 'project_amount', 'commitment'];
  const indexes = await q<{ name: string; def: string }>(`SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace
    WHERE ns.nspname = 'public' AND c.relname = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`, [tables]);
  for (const index of indexes) await target.raw(`DROP INDEX ${index.name}`);

  await load('partner', ['id', 'name', 'type', 'country_code', 'city', 'illustrative'], n.partners, (i) => {
    const r = rngFor(seed, 1, i);
    const type = pick(PARTNER_TYPES, r());
    return line([syntheticId(1, i), `${pick(['Municipalidad de', 'Agencia', 'Red', 'Fundación', 'Universidad de', 'Programa'], r())} ${pick(PLACES, r())} ${i + 1}`,
      type, pick(countries, r()), pick(PLACES, r()), true]);
  });

  const action = (i: number) => {
    const r = rngFor(seed, 2, i);
    const gad = gadIds[gadRank(r())]!;
    const type = weighted(TYPES, r());
    const start = EPOCH + Math.floor(r() * SPAN_DAYS) * DAY;
    return { r, gad, type, start, visibility: weighted(VISIBILITY, r()), country: pick(countries, r()), topic: pick(TOPICS, r()), place: pick(PLACES, r()) };
  };
  await load('action', ['id', 'gad_id', 'type', 'title', 'description', 'start_date', 'end_date', 'city', 'country_code', 'visibility', 'illustrative'], n.actions, (i) => {
    const a = action(i);
    const title = `${pick(TYPE_NOUN[a.type]!, a.r())} en ${a.topic} con ${a.place}`;
    // One action in five carries a document's worth of text (about 1 KB, 130 words).
    const description = i % 5 === 0 && i / 5 < n.documents ? sentence(a.r, 130) : sentence(a.r, 12);
    const end = a.r() < 0.5 ? isoDay(a.start + Math.floor(a.r() * 20) * DAY) : null;
    return line([syntheticId(2, i), a.gad, a.type, title, description, isoDay(a.start), end, a.place, a.country, a.visibility, true]);
  });
  await load('action_theme', ['action_id', 'gad_id', 'theme_code'], n.actions, (i) => {
    const a = action(i);
    const first = Math.floor(a.r() * themes.length);
    const count = 1 + Math.floor(a.r() * 3);
    let out = '';
    for (let k = 0; k < count; k++) out += line([syntheticId(2, i), a.gad, themes[(first + k * 7) % themes.length]]);
    return out;
  });
  await load('action_partner', ['action_id', 'gad_id', 'partner_id', 'role'], n.actions, (i) => {
    const a = action(i);
    const first = partnerRank(a.r());
    const second = partnerRank(a.r());
    return line([syntheticId(2, i), a.gad, syntheticId(1, first), 'counterpart'])
      + (second !== first ? line([syntheticId(2, i), a.gad, syntheticId(1, second), 'funder']) : '');
  });
  const ofType = (type: string, row: (i: number, a: ReturnType<typeof action>) => (string | number | boolean | null)[]) => (i: number) => {
    const a = action(i);
    return a.type === type ? line([syntheticId(2, i), a.gad, ...row(i, a)]) : '';
  };
  await load('participation', ['action_id', 'gad_id', 'funding'], n.actions, ofType('participation', (_, a) => [pick(['none', 'partial', 'full'], a.r())]));
  await load('award', ['action_id', 'gad_id', 'year', 'outcome'], n.actions,
    ofType('award', (_, a) => [new Date(a.start).getUTCFullYear(), pick(['applied', 'finalist', 'won', 'not_won'], a.r())]));
  await load('visit', ['action_id', 'gad_id', 'outcome'], n.actions, ofType('visit', (_, a) => [pick(['protocol', 'approach', 'instrument_signed'], a.r())]));
  await load('hosted_event', ['action_id', 'gad_id', 'topic'], n.actions, ofType('hosted_event', (_, a) => [a.topic]));
  await load('agreement', ['action_id', 'gad_id', 'kind', 'state', 'signed_on', 'valid_from', 'valid_until'], n.actions, ofType('agreement', (_, a) => [
    pick(['twinning', 'cooperation_agreement', 'memorandum', 'letter_of_intent'], a.r()),
    pick(['negotiating', 'signed', 'in_force', 'expired', 'dormant'], a.r()), isoDay(a.start), isoDay(a.start), isoDay(a.start + 1_461 * DAY)]));
  await load('membership', ['action_id', 'gad_id', 'activity_level'], n.actions, ofType('membership', (_, a) => [pick(['none', 'low', 'medium', 'high'], a.r())]));
  await load('project', ['action_id', 'gad_id', 'modality', 'direction', 'state'], n.actions, ofType('project', (_, a) => [
    pick(['technical_assistance', 'non_reimbursable', 'reimbursable_credit', 'in_kind'], a.r()), pick(['received', 'offered', 'mutual'], a.r()),
    pick(['planned', 'in_progress', 'completed'], a.r())]));
  await load('project_amount', ['action_id', 'gad_id', 'kind', 'amount_minor', 'currency'], n.actions,
    ofType('project', (_, a) => ['budget', Math.floor(a.r() * 50_000_000) * 100, a.r() < 0.7 ? 'USD' : 'EUR']));

  await load('commitment', ['id', 'gad_id', 'action_id', 'kind', 'description', 'due_on', 'state', 'completed_on', 'evidence_url', 'illustrative'], n.commitments, (j) => {
    const r = rngFor(seed, 3, j);
    const i = Math.floor(r() * n.actions);
    const a = action(i);
    const due = a.start + (30 + Math.floor(r() * 400)) * DAY;
    const state = weighted(COMMITMENT_STATES, r());
    return line([syntheticId(3, j), a.gad, syntheticId(2, i), r() < 0.85 ? 'obligation' : 'trip_report', `Compromiso: ${sentence(r, 8)}`,
      isoDay(due), state, state === 'done' ? isoDay(due - Math.floor(r() * 20) * DAY) : null,
      state === 'done' ? `https://example.org/evidencia/${j}` : null, true]);
  });

  const t0 = performance.now();
  await target.database.execScript(`SET LOCAL maintenance_work_mem = '256MB';\n${indexes.map((index) => `${index.def};`).join('\n')}`);
  const indexSeconds = (performance.now() - t0) / 1000;
  log(`  ${indexes.length} secondary indexes rebuilt in ${indexSeconds.toFixed(1)} s`);
  const t1 = performance.now();
  for (const table of ['gad', ...tables]) await target.raw(`VACUUM (ANALYZE) ${table}`);
  const analyzeSeconds = (performance.now() - t1) / 1000;
  return {
    counts: { gads: gadIds.length, ...n },
    loads,
    indexSeconds,
    analyzeSeconds,
    totalSeconds: (performance.now() - started) / 1000,
  };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '0.01' }, url: { type: 'string' } } });
  if (!values.url) throw new Error('usage: node bench/generate.ts --url postgres://... [--scale 1] (a migrated database with reference data)');
  const { openBenchPostgres } = await import('./engines.ts');
  const target = openBenchPostgres(values.url);
  const result = await generate(target, { scale: Number(values.scale), log: console.log });
  console.log(JSON.stringify(result.counts), `${result.totalSeconds.toFixed(1)} s`);
  await target.database.close();
}
