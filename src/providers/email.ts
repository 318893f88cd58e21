/**
 * Email through any SMTP relay (a mail server, SES, SendGrid, Mailgun…), configured by one URL:
 * smtp://user:pass@host:587 (STARTTLS when the relay offers it) or smtps://user:pass@host:465 (TLS
 * from the start). Pages are rare and urgent: one pooled transport keeps a connection warm for a
 * burst of them, instead of a TCP, TLS and AUTH handshake per mail.
 */
import {
  createTransport,
  type NodemailerError,
  type SMTPPoolOptions,
  type SMTPPoolSentMessageInfo,
  type Transporter,
} from 'nodemailer';
import { isEmailAddress } from '../config/contact';
import { ProviderRefused, type Email, type EmailProvider, type Sent } from './types';
import { rejectedRecipientError, smtpSendError } from './smtpErrors';

export interface SmtpEmailOptions {
  /** smtp:// or smtps://, credentials percent-encoded in the URL. */
  smtpUrl: string;
  /** The From of every page, e.g. "Incident Bot <incidents@example.com>". */
  from: string;
  /**
   * Connecting, the greeting, each reply, and the whole send. Default 10 s: a send runs inside a job's
   * lease, which budgets one request at about that.
   */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** "smtp://bot:s3cret@mail.example.com:587" → "smtp://bot:•••@mail.example.com:587", for logs and readiness. */
export function describeSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${parsed.username}${parsed.password ? ':•••' : ''}@` : '';
    return `${parsed.protocol}//${user}${parsed.host}`;
  } catch {
    return '•••';
  }
}

/** The password as the URL writes it and as it goes over the wire, so that neither reaches a message. */
function passwordForms(url: string): string[] {
  try {
    const { password } = new URL(url);
    if (!password) return [];
    const decoded = decodeURIComponent(password);
    // Longest first: a decoded password can be part of its encoded form.
    return [...new Set([password, decoded, Buffer.from(decoded).toString('base64')])].sort(
      (a, b) => b.length - a.length,
    );
  } catch {
    return [];
  }
}

export class SmtpEmailProvider implements EmailProvider {
  readonly name = 'smtp';
  private readonly transport: Transporter<SMTPPoolSentMessageInfo, SMTPPoolOptions>;
  private readonly secrets: string[];
  private readonly timeoutMs: number;

  constructor(private readonly options: SmtpEmailOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.secrets = passwordForms(options.smtpUrl);
    this.transport = createTransport({
      url: options.smtpUrl,
      pool: true,
      connectionTimeout: this.timeoutMs,
      greetingTimeout: this.timeoutMs,
      socketTimeout: this.timeoutMs,
      dnsTimeout: this.timeoutMs,
      // Never `debug`: nodemailer's traffic log would carry the AUTH exchange, the password in base64.
      logger: false,
    });
  }

  async sendEmail(email: Email): Promise<Sent> {
    // nodemailer reads `to` as a list: "a@x.com, b@y.com" would page someone else too.
    if (!isEmailAddress(email.to)) throw new ProviderRefused('SMTP: not a single email address');
    // socketTimeout is per reply: a relay that trickles its replies would hold the send for ever.
    const deadline = AbortSignal.timeout(this.timeoutMs);
    let info: SMTPPoolSentMessageInfo;
    try {
      info = await this.transport.sendMail({
        from: this.options.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        // A page is machine mail: no out-of-office or vacation reply should answer it.
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        signal: deadline,
      });
    } catch (err) {
      if (deadline.aborted) throw new Error(`SMTP send failed (ETIMEDOUT): no answer within ${this.timeoutMs} ms`);
      throw smtpSendError(err as NodemailerError, email.to, this.secrets);
    }
    // One recipient per mail, so any rejection is theirs (compared by count: nodemailer may have
    // rewritten the address, an IDN domain to punycode, say).
    if (info.rejected.length > 0) {
      const failures = (info as { rejectedErrors?: NodemailerError[] }).rejectedErrors;
      throw rejectedRecipientError(email.to, failures?.[0], this.secrets);
    }
    return { providerId: info.messageId, status: 'delivered' };
  }

  /** Ends the pooled connections (at shutdown). */
  close(): void {
    this.transport.close();
  }
}
