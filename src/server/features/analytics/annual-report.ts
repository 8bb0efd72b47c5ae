import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { loadPdf } from '../../pdf/load.ts';
import { REFERENCE_DIR } from '../../reference/load-reference.ts';
import { localDate } from '../shared/dates.ts';
import { visibleTo } from '../shared/visibility.ts';
import { getAlignment } from '../plans/alignment.ts';
import { getPositioning, thisYear } from './get-positioning.ts';
import { getBreakdowns } from './get-breakdowns.ts';
import { findGad } from './queries.ts';
import { minorDigits, resolvePeriod } from './positioning.ts';
import { ACTION_KINDS, type ActionKind } from './schema.ts';
import { label, type Lang } from './i18n.ts';

const LOCALE: Record<Lang, string> = { es: 'es-EC', en: 'en-GB', pt: 'pt-BR' };
const COLOURS = ['#0b2e59', '#2f7ab9', '#6fb1e4', '#d98c1f', '#7a9a3a', '#9b4f96', '#c0392b'];

type Named = { code: string; name: Record<Lang, string> };
let typologies: Record<string, Named[]> | null = null;
function typologyName(group: string, code: string, lang: Lang): string {
  typologies ??= JSON.parse(readFileSync(join(REFERENCE_DIR, 'typologies.json'), 'utf8')) as Record<string, Named[]>;
  return typologies[group]?.find((t) => t.code === code)?.name[lang] ?? code;
}

function formatMoney(minor: number, currency: string, lang: Lang) {
  return new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency }).format(minor / 10 ** minorDigits(currency));
}

/** "Gráfico 8, año 2006, línea 5473; Gráfico 11, …" → "Gráfico 8; Gráfico 11": the tables records come from. */
export function sourceTables(...notes: (string | null)[]): string {
  const numbers = [...new Set(notes.flatMap((note) => [...(note ?? '').matchAll(/Gráfico (\d+)/g)].map((m) => Number(m[1]))))].sort((a, b) => a - b);
  return numbers.map((n) => `Gráfico ${n}`).join('; ');
}

interface RecordRow {
  id: string; type: ActionKind; title: string; start_date: string | null; date_precision: string | null; city: string | null;
  country: string | null; source_note: string | null; illustrative: boolean; partners: string | null; agreement_state: string | null; roles: string | null;
}

function displayDate(r: RecordRow, undated: string) {
  if (!r.start_date) return undated;
  return r.date_precision === 'year' ? r.start_date.slice(0, 4) : r.date_precision === 'month' ? r.start_date.slice(0, 7) : r.start_date;
}

/**
 * A GAD's report for one year or several, rendered on the server from the same queries as the API
 * (what the reader may see): the positioning indicators with a chart, money, themes and typologies,
 * the records of each kind (for Quito 2007–2013 these are the thesis's Gráficos 6 to 12), the main
 * agreements, the commitments kept and, when a plan covers the period, the alignment with it.
 */
export async function annualReport(ctx: Ctx, id: string, q: { year?: number; from?: number; to?: number; lang: Lang }) {
  const lang = q.lang;
  const gad = await findGad(ctx.db, id, 'params.id');
  const single = q.from === undefined && q.to === undefined;
  const year = q.year ?? thisYear(ctx) - 1;
  const period = single ? { from: year, to: year } : resolvePeriod({ from: q.from, to: q.to }, thisYear(ctx));
  const span = period.from === period.to ? `${period.from}` : `${period.from}–${period.to}`;
  const [positioning, breakdowns] = await Promise.all([
    getPositioning(ctx, { gad: gad.id, ...period }),
    getBreakdowns(ctx, { gad: gad.id, ...period, undated: 'include' }),
  ]);
  const themes = await sql<{ code: string; name: string }>`SELECT code, ${sql.ref(`name_${lang}`)} AS name FROM theme`.execute(ctx.db);
  const themeNames = new Map(themes.rows.map((r) => [r.code, r.name]));
  const countries = await sql<{ code: string; name: string }>`SELECT code, ${sql.ref(`name_${lang}`)} AS name FROM country`.execute(ctx.db);
  const countryNames = new Map(countries.rows.map((r) => [r.code, r.name]));

  const title = `${period.from === period.to ? label('annualReport', lang) : label('report', lang)} ${span}`;
  const { PdfWriter, chartSvg } = await loadPdf();
  const pdf = new PdfWriter({ title: `${title} — ${gad.name}`, language: lang, author: gad.name });
  pdf.title(`${title} — ${gad.name}`, `${label('indicators', lang)}. ${label('computed', lang)} ${localDate(ctx.now)}.`);

  // Indicators: a row per year, the undated records apart, and the totals.
  const kindLabels = ACTION_KINDS.map((k) => label(`kind_${k}`, lang));
  pdf.heading(label('indicators', lang));
  const rows: (string | number)[][] = positioning.rows.map((r) => [r.year, ...ACTION_KINDS.map((k) => r.counts[k]), r.leadershipRoles]);
  if (positioning.undated.total > 0 || positioning.undated.leadershipRoles > 0) {
    rows.push([label('undated', lang), ...ACTION_KINDS.map((k) => positioning.undated.counts[k]), positioning.undated.leadershipRoles]);
  }
  rows.push([label('total', lang), ...ACTION_KINDS.map((k) => positioning.totals.counts[k]), '']);
  pdf.table([label('year', lang), ...kindLabels, label('roles', lang)], rows, [1, ...ACTION_KINDS.map(() => 1.1), 1]);
  pdf.paragraph(label('rolesNote', lang));
  pdf.svg(chartSvg({
    color: COLOURS,
    legend: { top: 0, data: kindLabels, textStyle: { fontSize: 10 } },
    grid: { left: 40, right: 20, top: 60, bottom: 30 },
    xAxis: { type: 'category', data: positioning.rows.map((r) => String(r.year)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: ACTION_KINDS.map((k, i) => ({ name: kindLabels[i], type: 'bar' as const, stack: 'all', data: positioning.rows.map((r) => r.counts[k]) })),
  }, 640, 320), 640, 320);

  // Money, per currency; converted to USD only where a rate is configured.
  const money = [...positioning.rows.map((r) => ({ year: String(r.year), m: r.money })), { year: label('undated', lang), m: positioning.undated.money }]
    .flatMap(({ year, m }) => m.byCurrency.map((c) => [year, c.currency, formatMoney(c.amountMinor, c.currency, lang),
      c.usdMinor === null ? label('noRate', lang) : formatMoney(c.usdMinor, 'USD', lang)]));
  if (money.length) {
    pdf.heading(label('money', lang));
    pdf.table([label('year', lang), label('currency', lang), label('amount', lang), label('inUsd', lang)], money, [1, 1, 2, 2]);
  }

  // Themes and typologies.
  if (breakdowns.themes.items.length) {
    pdf.heading(label('themes', lang));
    const top = breakdowns.themes.items.slice(0, 12);
    const height = Math.max(160, 40 + top.length * 24);
    pdf.svg(chartSvg({
      grid: { left: 200, right: 40, top: 10, bottom: 30 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map((t) => themeNames.get(t.code) ?? t.code).reverse(), axisLabel: { width: 190, overflow: 'truncate' } },
      series: [{ type: 'bar', data: top.map((t) => t.count).reverse(), itemStyle: { color: COLOURS[0] }, barMaxWidth: 18 }],
    }, 640, height), 640, height);
    pdf.table([label('theme', lang), label('actions', lang)], breakdowns.themes.items.map((t) => [themeNames.get(t.code) ?? t.code, t.count]), [4, 1]);
  }
  const typologyRows = ([['territorialScope', 'scope', breakdowns.territorialScope], ['motive', 'motive', breakdowns.motive], ['channel', 'channel', breakdowns.channel],
    ['direction', 'direction', breakdowns.direction], ['flow', 'flow', breakdowns.flow]] as const)
    .flatMap(([group, key, b]) => b.items.map((i) => [label(key, lang), typologyName(group, i.code, lang), i.count]));
  if (typologyRows.length) {
    pdf.heading(label('typologies', lang));
    pdf.table([label('typology', lang), label('value', lang), label('actions', lang)], typologyRows, [2, 2, 1]);
  }

  // The records of each kind: what the thesis tables list, from the records.
  const records = await sql<RecordRow>`
    SELECT a.id, a.type, a.title, to_char(a.start_date, 'YYYY-MM-DD') AS start_date, a.date_precision, a.city, a.country_code AS country, a.source_note, a.illustrative,
      (SELECT string_agg(p.name, '; ' ORDER BY p.name) FROM action_partner ap JOIN partner p ON p.id = ap.partner_id WHERE ap.action_id = a.id) AS partners,
      ag.state AS agreement_state,
      (SELECT string_agg(coalesce(r.label, r.role), '; ' ORDER BY r.term_start NULLS LAST) FROM membership_role r WHERE r.action_id = a.id) AS roles
    FROM action a LEFT JOIN agreement ag ON ag.action_id = a.id
    WHERE a.gad_id = ${gad.id} AND ${visibleTo(ctx.actor, 'a')}
      AND (a.start_date IS NULL OR a.start_date BETWEEN ${`${period.from}-01-01`}::date AND ${`${period.to}-12-31`}::date)
    ORDER BY a.start_date NULLS LAST, a.title`.execute(ctx.db);
  const undated = label('undated', lang);
  const withSources = records.rows.some((r) => sourceTables(r.source_note));
  pdf.heading(label('records', lang));
  for (const kind of ['award', 'visit', 'hosted_event', 'agreement', 'membership', 'participation', 'project'] as const) {
    const mine = records.rows.filter((r) => r.type === kind);
    if (mine.length === 0) continue;
    const tables = sourceTables(...mine.map((r) => r.source_note));
    pdf.heading(`${kind === 'agreement' ? label('mainAgreements', lang) : label(`kind_${kind}`, lang)} (${mine.length})${tables ? ` — ${tables}` : ''}`);
    const place = (r: RecordRow) => [r.partners, [r.city, r.country ? countryNames.get(r.country) : null].filter(Boolean).join(', ')].filter(Boolean).join(' — ');
    const tag = (r: RecordRow) => (r.illustrative ? ` (${label('illustrative', lang)})` : '');
    if (kind === 'membership') {
      pdf.table([label('network', lang), label('roles', lang), ...(withSources ? [label('source', lang)] : [])],
        mine.map((r) => [r.partners ?? r.title, r.roles ?? '—', ...(withSources ? [sourceTables(r.source_note)] : [])]), withSources ? [3, 4, 1.2] : [3, 4]);
    } else if (kind === 'agreement') {
      pdf.table([label('title', lang), label('date', lang), label('state', lang), ...(withSources ? [label('source', lang)] : [])],
        mine.map((r) => [`${r.title}${tag(r)}`, displayDate(r, undated), typologyName('agreementState', r.agreement_state ?? '', lang),
          ...(withSources ? [sourceTables(r.source_note)] : [])]), withSources ? [4, 1.2, 1.2, 1.2] : [4, 1.2, 1.2]);
    } else {
      pdf.table([label('date', lang), label('title', lang), label('partnersPlace', lang), ...(withSources ? [label('source', lang)] : [])],
        mine.map((r) => [displayDate(r, undated), `${r.title}${tag(r)}`, place(r) || '—', ...(withSources ? [sourceTables(r.source_note)] : [])]),
        withSources ? [1.1, 3.5, 2.5, 1.2] : [1.1, 3.5, 2.5]);
    }
  }

  // Commitments kept in the period, on actions the reader may see.
  const kept = await sql<{ description: string; completed_on: string; action: string }>`
    SELECT c.description, to_char(c.completed_on, 'YYYY-MM-DD') AS completed_on, a.title AS action FROM commitment c JOIN action a ON a.id = c.action_id
    WHERE c.gad_id = ${gad.id} AND c.deleted_at IS NULL AND c.state = 'done' AND ${visibleTo(ctx.actor, 'a')}
      AND c.completed_on BETWEEN ${`${period.from}-01-01`}::date AND ${`${period.to}-12-31`}::date
    ORDER BY c.completed_on, c.description`.execute(ctx.db);
  pdf.heading(label('commitments', lang));
  if (kept.rows.length === 0) pdf.paragraph(label('noCommitments', lang));
  else pdf.table([label('completedOn', lang), label('title', lang), label('actions', lang)],
    kept.rows.map((c) => [c.completed_on, c.description, c.action]), [1, 3, 3]);

  // Alignment, when a plan covers the period.
  const alignment = await getAlignment(ctx, { gad: gad.id, from: `${period.from}-01-01`, to: `${period.to}-12-31` });
  if (alignment.plan) {
    pdf.heading(label('alignment', lang));
    const pct = (s: number | null) => (s === null ? '—' : `${Math.round(s * 100)} %`);
    pdf.paragraph(`${alignment.plan.title}${alignment.plan.illustrative ? ` (${label('illustrative', lang)})` : ''}: ${alignment.shareActionsLinkedToPlan.linked}/${alignment.shareActionsLinkedToPlan.total} `
      + `(${pct(alignment.shareActionsLinkedToPlan.share)}) ${label('alignmentText', lang)} ${pct(alignment.shareLinkedToNationalPolicy.share)}.`);
  }

  const bytes = await pdf.finish();
  const slug = gad.name.normalize('NFD').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').slice(0, 60).toLowerCase() || 'gad';
  return { bytes, fileName: `${slug}-${span.replace('–', '-')}-${lang}.pdf` };
}
