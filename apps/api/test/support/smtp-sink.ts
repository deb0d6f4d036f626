import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** The raw message with its quoted-printable parts decoded (the text and HTML as written). */
  decoded: string;
  /** Header lines unfolded, keyed lower-case. */
  headers: Record<string, string>;
}

/**
 * A real SMTP server (the `smtp-server` package) in the test process: it keeps every mail it
 * accepts, and refuses connections (421) while `refusing()` says so.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  refused = 0;
  refusing: () => boolean = () => false;
  private readonly server: SMTPServer;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_session, callback) => {
        if (this.refusing()) {
          this.refused++;
          const error = new Error('Busy: try again later') as Error & { responseCode: number };
          error.responseCode = 421;
          return callback(error);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
          const headers: Record<string, string> = {};
          for (const line of head.split(/\r?\n/)) {
            const colon = line.indexOf(':');
            if (colon > 0)
              headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
          }
          this.received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            decoded: decodeQuotedPrintable(raw),
            headers,
          });
          callback();
        });
      },
    });
  }

  /** Listens on a loopback port; returns the SMTP URL. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    return `smtp://127.0.0.1:${port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }
}

/** Soft line breaks removed and `=XX` bytes decoded as UTF-8. */
function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const input = Buffer.from(text.replace(/=\r?\n/g, ''), 'utf8');
  for (let i = 0; i < input.length; i++) {
    const hex = input.subarray(i + 1, i + 3).toString('latin1');
    if (input[i] === 0x3d && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(input[i]);
  }
  return Buffer.from(bytes).toString('utf8');
}
