import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** BCP 47 tag of the text, sent as Content-Language. */
  language: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export const MAIL_FROM = process.env.MAIL_FROM ?? 'Glocal <no-reply@glocal.ec>';

/** SMTP through nodemailer; `smtp://user:pass@host:port` or `smtps://…` in SMTP_URL. */
export function smtpMailer(smtpUrl: string): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({
        from: MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, headers: { 'Content-Language': mail.language },
      });
    },
  };
}

/** Without SMTP configured, mail is written to the log's info stream rather than lost silently. */
export function logMailer(log: (message: string) => void): Mailer {
  return {
    async send(mail) {
      log(`mail to ${mail.to}: ${mail.subject} (no SMTP_URL configured, not sent)`);
    },
  };
}
