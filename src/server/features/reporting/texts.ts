import type { ReportEvent } from './transitions.ts';

export type Locale = 'es' | 'en' | 'pt';
export const locale = (value: string | null | undefined): Locale => (value === 'en' || value === 'pt' ? value : 'es');

type Fill = Record<string, string>;
const fill = (template: string, values: Fill) => template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

/** What the GAD's admins and editors read in their inbox (and email) when central government acts on a report. */
const TITLES: Record<Exclude<ReportEvent, 'reply'>, Record<Locale, string>> = {
  receive: { es: 'Reporte recibido: {action}', en: 'Report received: {action}', pt: 'Relatório recebido: {action}' },
  observe: { es: 'Observaciones a su reporte: {action}', en: 'Observations on your report: {action}', pt: 'Observações ao seu relatório: {action}' },
  register: { es: 'Reporte registrado con el número {number}: {action}', en: 'Report registered as number {number}: {action}', pt: 'Relatório registrado com o número {number}: {action}' },
  answer: { es: 'Respuesta a la consulta previa: {action}', en: 'Answer to the pre-signature consultation: {action}', pt: 'Resposta à consulta prévia: {action}' },
};

const ANSWERS: Record<string, Record<Locale, string>> = {
  no_objection: { es: 'Sin objeción.', en: 'No objection.', pt: 'Sem objeção.' },
  observations: { es: 'Con observaciones.', en: 'With observations.', pt: 'Com observações.' },
};

export function reportNoticeTitle(event: Exclude<ReportEvent, 'reply'>, lang: Locale, values: Fill): string {
  return fill(TITLES[event][lang], values);
}

export function answerText(answer: string, lang: Locale): string {
  return ANSWERS[answer]?.[lang] ?? answer;
}
