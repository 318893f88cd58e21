/**
 * Which SMTP failures move a person to their next method at once (ProviderRefused) and which are
 * retried: the error objects are shaped as nodemailer hands them back.
 */
import { rejectedRecipientError, smtpSendError } from '../../../src/providers/smtpErrors';
import { ProviderRefused } from '../../../src/providers/types';

const TO = 'ana.lopez@example.com';
const SECRETS = ['p%40ss-W0rd', 'p@ss-W0rd'];

function rcpt(code: number, text: string) {
  const response = `${code} ${text}`;
  return {
    code: 'EENVELOPE',
    command: 'RCPT TO',
    response,
    responseCode: code,
    permanent: code >= 500 && code !== 503,
    message: `Can't send mail - all recipients were rejected: ${response}`,
  };
}

describe('smtpSendError', () => {
  it('refuses for good on a 5xx to RCPT TO, in the relay words, the address masked', () => {
    const err = smtpSendError(rcpt(550, `5.1.1 <${TO}>: Recipient address rejected`), TO, SECRETS);
    expect(err).toBeInstanceOf(ProviderRefused);
    expect(err.message).toBe('SMTP 550: 5.1.1 <a•••@example.com>: Recipient address rejected');
  });

  it('refuses for good on a 5xx to the message (DATA)', () => {
    const err = smtpSendError(
      { code: 'EMESSAGE', command: 'DATA', response: '554 5.7.1 Message rejected', responseCode: 554, permanent: true },
      TO,
      SECRETS,
    );
    expect(err).toBeInstanceOf(ProviderRefused);
    expect(err.message).toBe('SMTP 554: 5.7.1 Message rejected');
  });

  it('decides on the reply code when nodemailer sets no `permanent`', () => {
    const { permanent: _p, ...bare } = rcpt(551, 'User not local');
    expect(smtpSendError(bare, TO, SECRETS)).toBeInstanceOf(ProviderRefused);
    const { permanent: _q, ...deferred } = rcpt(450, 'Mailbox busy');
    expect(smtpSendError(deferred, TO, SECRETS)).not.toBeInstanceOf(ProviderRefused);
  });

  it('refuses an address nodemailer will not put in an envelope', () => {
    const err = smtpSendError(
      { code: 'EENVELOPE', command: 'API', message: 'Invalid recipient "a<b@example.com"' },
      TO,
      SECRETS,
    );
    expect(err).toBeInstanceOf(ProviderRefused);
  });

  it.each([
    ['a 4xx to RCPT TO', rcpt(450, '4.2.1 Mailbox busy')],
    ['a 503 (bad sequence: the session, not the address)', rcpt(503, '5.5.1 Error: need MAIL command')],
    [
      'a 451 to DATA',
      { code: 'EMESSAGE', command: 'DATA', response: '451 Try later', responseCode: 451, permanent: false },
    ],
    [
      'a refused sender (our configuration)',
      { code: 'EENVELOPE', command: 'MAIL FROM', response: '553 Sender rejected', responseCode: 553, permanent: true },
    ],
    [
      'a refused login',
      { code: 'EAUTH', command: 'AUTH PLAIN', response: '535 Invalid', responseCode: 535, permanent: true },
    ],
    ['a refused connection', { code: 'ESOCKET', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:25' }],
    ['a timeout', { code: 'ETIMEDOUT', command: 'CONN', message: 'Greeting never received' }],
    ['an aborted send', { code: 'EABORT', message: 'The operation was aborted due to timeout' }],
  ])('retries %s: a plain Error naming the code', (_what, failure) => {
    const err = smtpSendError(failure, TO, SECRETS);
    expect(err).not.toBeInstanceOf(ProviderRefused);
    expect(err.message).toMatch(/^SMTP send failed \(/);
    expect(err.message).toContain(failure.code);
  });

  it('never repeats the password, in either form, nor the address in full', () => {
    const err = smtpSendError(
      {
        code: 'EAUTH',
        command: 'AUTH PLAIN',
        response: `535 bad credentials p@ss-W0rd / p%40ss-W0rd for ${TO} (${TO.toUpperCase()})`,
        responseCode: 535,
      },
      TO,
      SECRETS,
    );
    expect(err.message).not.toContain('W0rd');
    expect(err.message.toLowerCase()).not.toContain(TO);
    expect(err.message).toContain('535');
  });
});

describe('rejectedRecipientError', () => {
  it('judges the recipient by its own reply, or refuses when there is none', () => {
    expect(rejectedRecipientError(TO, rcpt(550, 'no'), SECRETS).message).toBe('SMTP 550: no');
    expect(rejectedRecipientError(TO, rcpt(450, 'busy'), SECRETS)).not.toBeInstanceOf(ProviderRefused);
    expect(rejectedRecipientError(TO, undefined, SECRETS)).toBeInstanceOf(ProviderRefused);
  });
});
