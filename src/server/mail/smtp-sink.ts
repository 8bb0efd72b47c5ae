import { SMTPServer } from 'smtp-server';
import { lazy } from '../lazy.ts';

// mailparser is only needed once a message arrives; importing it at start costs every boot a fifth of a second.
const loadMailparser = lazy(() => import('mailparser'));

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  language: string | null;
  receivedAt: Date;
}

/**
 * A real SMTP server, in-process, that keeps what it receives. Demo mode and the tests send
 * mail to it through the same SMTP path as production; nothing about the mailer is faked.
 */
export async function startSmtpSink(port = 0): Promise<{ url: string; messages: ReceivedMail[]; close(): Promise<void> }> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      loadMailparser()
        .then(({ simpleParser }) => simpleParser(stream))
        .then((parsed) => {
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            language: (parsed.headers.get('content-language') as string | undefined) ?? null,
            receivedAt: new Date(),
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `smtp://127.0.0.1:${actualPort}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
