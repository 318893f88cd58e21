/**
 * A local stand-in for an SMTP relay, for tests: smtp-server on 127.0.0.1, plain text (no TLS, no
 * STARTTLS offered), that parses every mail it takes (mailparser) and keeps it in `mails`.
 *
 * It refuses what a real relay refuses: a mail without login when it has credentials (530), a wrong
 * login (535), RCPT TO or DATA before MAIL FROM (503), a malformed address (501), a message over
 * 10 MB (552); and, on demand, a recipient for good (`refuse`, 550) or the next messages for now
 * (`failNext`, 451).
 */
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type Headers } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface StandinMail {
  /** The From header's address. */
  from: string;
  /** MAIL FROM. */
  envelopeFrom: string;
  /** RCPT TO, as accepted. */
  to: string[];
  subject: string;
  text: string;
  /** null when the mail has no HTML part. */
  html: string | null;
  /** The Message-ID header, angle brackets included (as nodemailer's info.messageId). */
  messageId: string;
  headers: Headers;
}

export interface SmtpStandin {
  /** smtp://user:pass@127.0.0.1:<port> (smtp://127.0.0.1:<port> without credentials). */
  readonly url: string;
  readonly port: number;
  /** Every mail taken, in arrival order. */
  readonly mails: readonly StandinMail[];
  /** RCPT TO for `address` fails with `code` from now on (5xx: for good; a 4xx is a deferral). */
  refuse(address: string, code?: number, text?: string): void;
  /** The next `n` messages are refused at the end of DATA with `code` (4xx: try again later). */
  failNext(n: number, code?: number, text?: string): void;
  /** The first mail (taken already or still to come) that matches, or a rejection after `timeoutMs`. */
  waitForMail(predicate?: (mail: StandinMail) => boolean, timeoutMs?: number): Promise<StandinMail>;
  stop(): Promise<void>;
}

/** Like a common relay's limit (SES, Gmail and Microsoft 365 take 10 to 35 MB). */
const MAX_BYTES = 10 * 1024 * 1024;

/** An error smtp-server answers with its own code, as a relay would. */
function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

export async function startSmtpStandin(opts: { user?: string; pass?: string } = {}): Promise<SmtpStandin> {
  const needsLogin = opts.user !== undefined || opts.pass !== undefined;
  const mails: StandinMail[] = [];
  const arrived = new EventEmitter();
  const refusals = new Map<string, { code: number; text: string }>();
  const failures: { code: number; text: string }[] = [];

  const options: SMTPServerOptions = {
    secure: false,
    hideSTARTTLS: true,
    // No TLS here, so no STARTTLS; without AUTH too when there is nothing to log in with.
    disabledCommands: needsLogin ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !needsLogin,
    // smtp-server refuses AUTH over plain text unless told otherwise; a relay would want TLS first.
    allowInsecureAuth: true,
    size: MAX_BYTES,
    rejectOversized: true,
    logger: false,
    // 127.0.0.1 has no name worth a DNS query; tests run offline.
    disableReverseLookup: true,
    onAuth(auth, _session, callback) {
      if (auth.username === opts.user && auth.password === opts.pass) return callback(null, { user: auth.username });
      callback(smtpError(535, 'Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address.toLowerCase());
      callback(refusal ? smtpError(refusal.code, refusal.text) : null);
    },
    onData(stream, session, callback) {
      const failure = failures.shift();
      if (failure) {
        stream.resume();
        return callback(smtpError(failure.code, failure.text));
      }
      simpleParser(stream).then(
        (parsed) => {
          const mail: StandinMail = {
            from: parsed.from?.value[0]?.address ?? '',
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: parsed.html || null,
            messageId: parsed.messageId ?? '',
            headers: parsed.headers,
          };
          mails.push(mail);
          arrived.emit('mail', mail);
          callback(null, 'OK: queued');
        },
        (err: unknown) => callback(smtpError(554, `Message could not be parsed: ${String(err)}`)),
      );
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const login = needsLogin ? `${encodeURIComponent(opts.user ?? '')}:${encodeURIComponent(opts.pass ?? '')}@` : '';

  return {
    url: `smtp://${login}127.0.0.1:${port}`,
    port,
    mails,
    refuse(address, code = 550, text = 'Mailbox unavailable') {
      refusals.set(address.toLowerCase(), { code, text });
    },
    failNext(n, code = 451, text = 'Local error in processing, try again later') {
      for (let i = 0; i < n; i++) failures.push({ code, text });
    },
    waitForMail(predicate = () => true, timeoutMs = 5_000) {
      const found = mails.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onMail = (mail: StandinMail) => {
          if (!predicate(mail)) return;
          clearTimeout(timer);
          arrived.off('mail', onMail);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          arrived.off('mail', onMail);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${mails.length} taken)`));
        }, timeoutMs);
        arrived.on('mail', onMail);
      });
    },
    stop() {
      // A pooled client keeps its connection open; smtp-server would wait 30 s for it.
      for (const connection of server.connections) connection.close();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
