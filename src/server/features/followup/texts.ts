/**
 * What the follow-up loop says to people, in their language: inbox titles and email texts.
 * The inbox row is written in the recipient's language when it is created; the email reuses it.
 */
export type Locale = 'es' | 'en' | 'pt';

export const locale = (value: string | null | undefined): Locale => (value === 'en' || value === 'pt' ? value : 'es');

type Fill = Record<string, string | number>;
const fill = (template: string, values: Fill) => template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));

const TEXTS = {
  overdueTitle: {
    es: 'Compromiso vencido: {description}',
    en: 'Overdue commitment: {description}',
    pt: 'Compromisso vencido: {description}',
  },
  overdueBody: {
    es: 'Venció el {dueOn} ({days} días de atraso). Origen: {action}.',
    en: 'It was due on {dueOn} ({days} days overdue). Source: {action}.',
    pt: 'Venceu em {dueOn} ({days} dias de atraso). Origem: {action}.',
  },
  renewalTitle: {
    es: 'El convenio vence en {days} días: {action}',
    en: 'The agreement expires in {days} days: {action}',
    pt: 'O convênio vence em {days} dias: {action}',
  },
  renewalBody: {
    es: 'Vigente hasta el {validUntil}. Decida si se renueva y registre la decisión.',
    en: 'Valid until {validUntil}. Decide whether to renew it and record the decision.',
    pt: 'Válido até {validUntil}. Decida se será renovado e registre a decisão.',
  },
  dormantTitle: {
    es: 'Convenio inactivo: {action}',
    en: 'Dormant agreement: {action}',
    pt: 'Convênio inativo: {action}',
  },
  dormantBody: {
    es: 'Sin actividad vinculada desde el {since}. ¿Sigue vigente la relación?',
    en: 'No linked activity since {since}. Is the relationship still alive?',
    pt: 'Sem atividade vinculada desde {since}. A relação continua viva?',
  },
  mailFooter: {
    es: 'Abra el seguimiento aquí:\n{link}\n\nRecibe este correo porque es responsable en Glocal. Puede cambiar sus avisos en su perfil.',
    en: 'Open the follow-up here:\n{link}\n\nYou receive this email because you are responsible in Glocal. You can change your notices in your profile.',
    pt: 'Abra o acompanhamento aqui:\n{link}\n\nVocê recebe este e-mail porque é responsável no Glocal. Pode mudar seus avisos no seu perfil.',
  },
  digestSubject: {
    es: 'Glocal: resumen de seguimiento — {overdue} vencidos, {due} por vencer',
    en: 'Glocal: follow-up digest — {overdue} overdue, {due} coming due',
    pt: 'Glocal: resumo de acompanhamento — {overdue} vencidos, {due} a vencer',
  },
  digestIntro: {
    es: 'Hola {name}:\n\nEsto es lo que {gad} tiene pendiente al {today}.',
    en: 'Hello {name},\n\nThis is what {gad} has pending as of {today}.',
    pt: 'Olá {name},\n\nIsto é o que {gad} tem pendente em {today}.',
  },
  digestOverdue: { es: 'Vencidos', en: 'Overdue', pt: 'Vencidos' },
  digestDue: { es: 'Por vencer', en: 'Coming due', pt: 'A vencer' },
  digestLine: {
    es: '- {description} (vence {dueOn}{responsible})',
    en: '- {description} (due {dueOn}{responsible})',
    pt: '- {description} (vence {dueOn}{responsible})',
  },
} satisfies Record<string, Record<Locale, string>>;

export type TextKey = keyof typeof TEXTS;

export function say(lang: Locale, key: TextKey, values: Fill = {}): string {
  return fill(TEXTS[key][lang], values);
}

/** Subjects are short: a long description is cut at a word boundary. */
export function shorten(value: string, max = 80): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}
