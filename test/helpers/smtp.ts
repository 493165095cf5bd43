import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  /** RCPT TO addresses, as the server accepted them */
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
}

export interface SmtpOptions {
  /** addresses answered with 550 at RCPT TO */
  reject?: Set<string>;
  /** called with the number of the message (1-based) before it is accepted; resolve to accept it */
  beforeAccept?: (n: number) => Promise<void>;
}

export interface LoopbackSmtp {
  url: string;
  /** messages accepted, in order */
  received: Received[];
  /** every RCPT TO the server saw, accepted or not */
  recipients: string[];
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 and an ephemeral port, keeping what it accepts. */
export async function startSmtp(options: SmtpOptions = {}): Promise<LoopbackSmtp> {
  const received: Received[] = [];
  const recipients: string[] = [];
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      recipients.push(address.address);
      if (options.reject?.has(address.address)) {
        return callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const n = ++count;
        void (async () => {
          await options.beforeAccept?.(n);
          const raw = Buffer.concat(chunks);
          received.push({ to: session.envelope.rcptTo.map((a) => a.address), raw, mail: await simpleParser(raw) });
          callback(null, `OK: queued as m${n}`);
        })();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    recipients,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
