import { smtpMailer, type Mailer } from './mailer.ts';
import { startSmtpSink } from './smtp-sink.ts';
import type { ReceivedMail } from './smtp-sink.ts';

export interface MailSetup {
  mailer?: Mailer;
  /** Set in demo mode: what the in-process SMTP server received, shown to admins at /api/admin/outbox. */
  outbox?: { messages: ReceivedMail[] };
  close(): Promise<void>;
  description: string;
}

/**
 * SMTP_URL sends real mail. Without it, outside production, mail goes through the same SMTP
 * path to a real SMTP server started in this process, which keeps the messages for the demo
 * outbox. In production without SMTP_URL the app logs each message it could not send.
 */
export async function configureMail(env: NodeJS.ProcessEnv, production: boolean): Promise<MailSetup> {
  if (env.SMTP_URL) return { mailer: smtpMailer(env.SMTP_URL), close: async () => {}, description: 'SMTP_URL' };
  if (production) return { close: async () => {}, description: 'none (set SMTP_URL)' };
  const sink = await startSmtpSink(Number(env.GLOCAL_SMTP_SINK_PORT ?? 0));
  return { mailer: smtpMailer(sink.url), outbox: sink, close: sink.close, description: `in-process SMTP sink at ${sink.url}` };
}
