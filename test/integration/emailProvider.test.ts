/**
 * SmtpEmailProvider against a real SMTP conversation (test/support/smtp/standin.ts): what goes out,
 * and which of a relay's refusals move the person on (ProviderRefused) and which are retried.
 */
import net from 'node:net';
import { describeSmtpUrl, SmtpEmailProvider } from '../../src/providers/email';
import { ProviderRefused } from '../../src/providers/types';
import { freePort } from '../support/freePort';
import { startSmtpStandin, type SmtpStandin } from '../support/smtp/standin';

const USER = 'incident-bot';
const PASS = 'Sm7p-p@ss/word';
const FROM = 'Incident Bot <incidents@example.com>';

const page = (to: string) => ({
  to,
  subject: '[SEV1] Checkout is down',
  text: 'INC-42: Checkout is down. Acknowledge in Slack.',
  html: '<p><b>INC-42</b>: Checkout is down.</p>',
});

/** The error a promise rejects with (a test fails if it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the send to fail');
}

describe('SmtpEmailProvider', () => {
  let smtp: SmtpStandin;
  let provider: SmtpEmailProvider | undefined;

  beforeEach(async () => {
    smtp = await startSmtpStandin({ user: USER, pass: PASS });
  });
  afterEach(async () => {
    provider?.close();
    provider = undefined;
    await smtp.stop();
  });

  it('logs in and sends the page, with its subject, text and HTML, as machine mail', async () => {
    provider = new SmtpEmailProvider({ smtpUrl: smtp.url, from: FROM });
    const sent = await provider.sendEmail(page('ana@example.com'));

    const mail = await smtp.waitForMail((m) => m.to.includes('ana@example.com'));
    expect(sent).toEqual({ providerId: mail.messageId, status: 'delivered' });
    expect(mail.messageId).toMatch(/^<.+@.+>$/);
    expect(mail).toMatchObject({
      from: 'incidents@example.com',
      envelopeFrom: 'incidents@example.com',
      to: ['ana@example.com'],
      subject: '[SEV1] Checkout is down',
      text: 'INC-42: Checkout is down. Acknowledge in Slack.',
      html: '<p><b>INC-42</b>: Checkout is down.</p>',
    });
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(provider.name).toBe('smtp');
  });

  it('throws ProviderRefused with the code when the relay refuses the recipient for good, and sends on', async () => {
    smtp.refuse('gone@example.com', 550, 'No such user here');
    provider = new SmtpEmailProvider({ smtpUrl: smtp.url, from: FROM });

    const err = await failure(provider.sendEmail(page('gone@example.com')));
    expect(err).toBeInstanceOf(ProviderRefused);
    expect(err.message).toMatch(/^SMTP 550: .*No such user here$/);
    expect(smtp.mails).toHaveLength(0);

    // The pooled connection is still good for the next person.
    await provider.sendEmail(page('ana@example.com'));
    expect(smtp.mails.map((m) => m.to)).toEqual([['ana@example.com']]);
  });

  it('throws a plain, retryable Error on a 451, and the retry goes through', async () => {
    smtp.failNext(1, 451, 'Try again later');
    provider = new SmtpEmailProvider({ smtpUrl: smtp.url, from: FROM });

    const err = await failure(provider.sendEmail(page('ana@example.com')));
    expect(err).not.toBeInstanceOf(ProviderRefused);
    expect(err.message).toContain('451');
    expect(smtp.mails).toHaveLength(0);

    const sent = await provider.sendEmail(page('ana@example.com'));
    expect(sent.status).toBe('delivered');
    expect(smtp.mails).toHaveLength(1);
  });

  it('throws a retryable Error on a 4xx to RCPT TO', async () => {
    smtp.refuse('busy@example.com', 450, 'Mailbox busy');
    provider = new SmtpEmailProvider({ smtpUrl: smtp.url, from: FROM });
    const err = await failure(provider.sendEmail(page('busy@example.com')));
    expect(err).not.toBeInstanceOf(ProviderRefused);
    expect(err.message).toContain('450');
  });

  it('throws a retryable Error on a wrong password, without the password in it', async () => {
    const url = new URL(smtp.url);
    url.password = encodeURIComponent('Wr0ng-s3cret/pass');
    provider = new SmtpEmailProvider({ smtpUrl: url.href, from: FROM });

    const err = await failure(provider.sendEmail(page('ana@example.com')));
    expect(err).not.toBeInstanceOf(ProviderRefused);
    expect(err.message).toContain('EAUTH');
    expect(err.message).toContain('535');
    expect(err.message).not.toContain('Wr0ng');
    expect(JSON.stringify(err)).not.toContain('Wr0ng');
    expect(smtp.mails).toHaveLength(0);
  });

  it('refuses, without a connection, a `to` that is not one address (nodemailer would split a list)', async () => {
    provider = new SmtpEmailProvider({ smtpUrl: smtp.url, from: FROM });
    const err = await failure(provider.sendEmail(page('ana@example.com, eve@example.net')));
    expect(err).toBeInstanceOf(ProviderRefused);
    expect(smtp.mails).toHaveLength(0);
  });

  it('throws a retryable Error when nothing listens', async () => {
    const url = new URL(smtp.url);
    url.port = String(await freePort());
    provider = new SmtpEmailProvider({ smtpUrl: url.href, from: FROM, timeoutMs: 2_000 });
    const err = await failure(provider.sendEmail(page('ana@example.com')));
    expect(err).not.toBeInstanceOf(ProviderRefused);
    expect(err.message).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    expect(err.message).not.toContain('p@ss');
  });

  it('gives up after timeoutMs on a server that never greets, with a retryable Error', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      provider = new SmtpEmailProvider({ smtpUrl: `smtp://${USER}:x@127.0.0.1:${port}`, from: FROM, timeoutMs: 300 });
      const started = Date.now();
      const err = await failure(provider.sendEmail(page('ana@example.com')));
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(err).not.toBeInstanceOf(ProviderRefused);
      expect(err.message).toMatch(/ETIMEDOUT|EABORT|timed? ?out/i);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('describeSmtpUrl', () => {
  it('masks the password, and keeps the scheme, user, host and port', () => {
    expect(describeSmtpUrl('smtp://bot:s3cret@mail.example.com:587')).toBe('smtp://bot:•••@mail.example.com:587');
    expect(describeSmtpUrl('smtps://apikey:SG.abc%2Fdef@smtp.sendgrid.net:465?pool=true')).toBe(
      'smtps://apikey:•••@smtp.sendgrid.net:465',
    );
    expect(describeSmtpUrl('smtp://relay.internal:25')).toBe('smtp://relay.internal:25');
    expect(describeSmtpUrl('not a url with s3cret')).toBe('•••');
  });
});
