import { sql } from 'kysely';
import type { Ctx } from '../../context.ts';
import { loadPdf } from '../../pdf/load.ts';
import { getPlan } from './get-plan.ts';
import { getPlanProgress, type TargetProgress } from './plan-progress.ts';
import { label, type Lang } from './i18n.ts';

const LOCALE: Record<Lang, string> = { es: 'es-EC', en: 'en-GB', pt: 'pt-BR' };

/** Money is stored in minor units; the currency says how many digits it has. */
function formatValue(value: number, t: Pick<TargetProgress, 'unit' | 'params'>, lang: Lang) {
  if (t.unit === 'minor_units' && t.params.currency) {
    const format = new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency: t.params.currency });
    return format.format(value / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  }
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 2 }).format(value);
}

function describeTarget(t: TargetProgress, lang: Lang, themeNames: Map<string, string>) {
  const extras = [t.params.theme ? themeNames.get(t.params.theme) ?? t.params.theme : null,
    t.params.direction ? label(`direction_${t.params.direction}`, lang) : null].filter(Boolean);
  return `${t.objective.code}: ${t.label[lang]}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

/**
 * The plan document, rendered on the server from the same data as the API: the plan, its targets
 * with current progress, and a bar chart of that progress (ECharts SVG through pdfkit; no browser,
 * no network).
 */
export async function planDocument(ctx: Ctx, id: string, lang: Lang) {
  const plan = await getPlan(ctx, id);
  const { targets, asOf } = await getPlanProgress(ctx, id);
  const themes = await sql<{ code: string; name: string }>`SELECT code, ${sql.ref(`name_${lang}`)} AS name FROM theme`.execute(ctx.db);
  const themeNames = new Map(themes.rows.map((r) => [r.code, r.name]));

  const { PdfWriter, chartSvg } = await loadPdf();
  const pdf = new PdfWriter({ title: plan.title, language: lang, author: plan.gad.name });
  const state = label(`state_${plan.state}`, lang);
  pdf.title(plan.title, `${label('plan', lang)} — ${plan.gad.name}`);
  pdf.paragraph(`${label('period', lang)}: ${plan.periodStart} – ${plan.periodEnd}. ${label('version', lang)} ${plan.versionNumber} (${state})`
    + (plan.approvedAt ? `. ${label('approvedBy', lang)} ${plan.approvedBy}, ${plan.approvedAt.slice(0, 10)}.` : '.'));
  if (plan.illustrative) pdf.paragraph(label('illustrative', lang));
  if (plan.vision) pdf.heading(label('vision', lang)).paragraph(plan.vision);

  pdf.heading(label('axes', lang));
  const groups = [...plan.axes.map((a) => ({ code: a.code as string | null, title: `${a.code}. ${a.title}` })), { code: null, title: label('noAxis', lang) }];
  for (const group of groups) {
    const objectives = plan.objectives.filter((o) => o.axis === group.code);
    if (objectives.length === 0) continue;
    pdf.paragraph(group.title);
    pdf.bullets(objectives.map((o) => `${o.code}: ${o.text}`));
  }

  if (plan.priorities.length) {
    pdf.heading(label('priorities', lang));
    pdf.table([label('priorities', lang), label('objective', lang)],
      plan.priorities.map((p) => [
        `${label(`kind_${p.kind}`, lang)}: ${p.kind === 'region' ? label(`region_${p.value}`, lang) : p.label?.[lang] ?? p.value}`,
        p.objective ?? '—',
      ]), [3, 1]);
  }

  pdf.heading(label('targets', lang));
  if (targets.length === 0) {
    pdf.paragraph(label('noTargets', lang));
  } else {
    pdf.paragraph(`${label('asOf', lang)} ${asOf}.`);
    pdf.table(
      [label('indicator', lang), label('baseline', lang), label('target', lang), label('year', lang), label('current', lang), label('progress', lang)],
      targets.map((t) => [describeTarget(t, lang, themeNames), formatValue(t.baseline, t, lang), formatValue(t.targetValue, t, lang), t.targetYear,
        formatValue(t.current, t, lang), `${Math.round(t.progress * 100)} %`]),
      [4, 1.2, 1.2, 0.8, 1.2, 1],
    );
    const names = targets.map((t) => `${t.objective.code} · ${t.label[lang]}`).reverse();
    const height = Math.max(160, 50 + targets.length * 36);
    pdf.svg(chartSvg({
      grid: { left: 230, right: 40, top: 20, bottom: 30 },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      yAxis: { type: 'category', data: names, axisLabel: { width: 210, overflow: 'truncate' } },
      series: [{ type: 'bar', data: targets.map((t) => Math.round(t.progress * 100)).reverse(), itemStyle: { color: '#0b2e59' }, barMaxWidth: 22 }],
    }, 640, height), 640, height);
  }
  const bytes = await pdf.finish();
  const slug = plan.title.normalize('NFD').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').slice(0, 60).toLowerCase() || 'plan';
  return { bytes, fileName: `${slug}-v${plan.versionNumber}-${lang}.pdf` };
}
