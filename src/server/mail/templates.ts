type Locale = 'es' | 'en' | 'pt';
type Template = 'passwordReset' | 'invitation';

const TEXTS: Record<Template, Record<Locale, { subject: string; body: string }>> = {
  passwordReset: {
    es: { subject: 'Glocal: restablecer su contraseña', body: 'Hola {name}:\n\nPara elegir una nueva contraseña abra este enlace (válido por una hora):\n{link}\n\nSi usted no lo pidió, ignore este mensaje.' },
    en: { subject: 'Glocal: reset your password', body: 'Hello {name},\n\nTo choose a new password open this link (valid for one hour):\n{link}\n\nIf you did not ask for it, ignore this message.' },
    pt: { subject: 'Glocal: redefinir sua senha', body: 'Olá {name},\n\nPara escolher uma nova senha abra este link (válido por uma hora):\n{link}\n\nSe você não pediu, ignore esta mensagem.' },
  },
  invitation: {
    es: { subject: 'Glocal: invitación de {gad}', body: '{inviter} le invita a registrar las relaciones internacionales de {gad} en Glocal.\n\nAcepte la invitación aquí (válida por 7 días):\n{link}' },
    en: { subject: 'Glocal: invitation from {gad}', body: '{inviter} invites you to record the international relations of {gad} in Glocal.\n\nAccept the invitation here (valid for 7 days):\n{link}' },
    pt: { subject: 'Glocal: convite de {gad}', body: '{inviter} convida você a registrar as relações internacionais de {gad} no Glocal.\n\nAceite o convite aqui (válido por 7 dias):\n{link}' },
  },
};

export function mailText(locale: string, template: Template, values: Record<string, string>): { subject: string; text: string } {
  const texts = TEXTS[template][(['es', 'en', 'pt'].includes(locale) ? locale : 'es') as Locale];
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
  return { subject: fill(texts.subject), text: fill(texts.body) };
}
