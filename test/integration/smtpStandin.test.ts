/**
 * The SMTP stand-in refuses what a real relay refuses, so that a provider passing against it would
 * pass against one. Spoken to line by line, as a client that gets things wrong would.
 */
import net from 'node:net';
import { startSmtpStandin, type SmtpStandin } from '../support/smtp/standin';

/**
 * Sends each command after the previous reply and returns the replies (greeting first), a multi-line
 * reply ("250-…" lines, then "250 …") as one string with its lines joined by "\n".
 */
async function converse(port: number, commands: string[]): Promise<string[]> {
  const socket = net.connect(port, '127.0.0.1');
  const replies: string[] = [];
  let pending: string[] = [];
  let buffer = '';
  let waiting: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      pending.push(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (/^\d{3}(?: |$)/.test(pending[pending.length - 1])) {
        replies.push(pending.join('\n'));
        pending = [];
        waiting?.();
      }
    }
  });
  const reply = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply after ${replies.join(' | ')}`)), 3_000);
      waiting = () => {
        if (replies.length < count) return;
        clearTimeout(timer);
        resolve();
      };
      waiting();
    });
  await reply(1);
  for (const command of commands) {
    socket.write(`${command}\r\n`);
    await reply(replies.length + 1);
  }
  socket.destroy();
  return replies;
}

const code = (line: string) => Number(line.slice(0, 3));

describe('the SMTP stand-in', () => {
  let smtp: SmtpStandin;
  afterEach(async () => smtp.stop());

  describe('with credentials', () => {
    beforeEach(async () => {
      smtp = await startSmtpStandin({ user: 'bot', pass: 'secret' });
    });

    it('offers AUTH and no STARTTLS (it has no TLS)', async () => {
      const [, ehlo] = await converse(smtp.port, ['EHLO client.example.com']);
      expect(ehlo).toMatch(/^250[- ]AUTH .*PLAIN/m);
      expect(ehlo).not.toMatch(/STARTTLS/);
    });

    it('refuses a mail without login (530) and a wrong login (535)', async () => {
      const replies = await converse(smtp.port, [
        'EHLO client.example.com',
        'MAIL FROM:<bot@example.com>',
        `AUTH PLAIN ${Buffer.from('\0bot\0wrong').toString('base64')}`,
        `AUTH PLAIN ${Buffer.from('\0bot\0secret').toString('base64')}`,
        'MAIL FROM:<bot@example.com>',
      ]);
      expect(replies.map(code)).toEqual([220, 250, 530, 535, 235, 250]);
    });
  });

  describe('without credentials', () => {
    beforeEach(async () => {
      smtp = await startSmtpStandin();
    });

    it('takes mail without login, and offers no AUTH', async () => {
      expect(smtp.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      const replies = await converse(smtp.port, [
        'EHLO client.example.com',
        'MAIL FROM:<bot@example.com>',
        'RCPT TO:<ana@example.com>',
      ]);
      expect(replies.map(code)).toEqual([220, 250, 250, 250]);
      expect(replies[1]).not.toMatch(/AUTH|STARTTLS/);
    });

    it('refuses RCPT TO and DATA before MAIL FROM (503)', async () => {
      const replies = await converse(smtp.port, ['EHLO client.example.com', 'RCPT TO:<ana@example.com>', 'DATA']);
      expect(replies.map(code)).toEqual([220, 250, 503, 503]);
    });

    it('refuses malformed addresses (501)', async () => {
      const replies = await converse(smtp.port, [
        'EHLO client.example.com',
        'MAIL FROM:bot@example.com',
        'MAIL FROM:<not an address>',
        'MAIL FROM:<bot@example.com>',
        'RCPT TO:<ana.example.com>',
        'RCPT TO:<ana@example.com, eve@example.net>',
        'RCPT TO:<>',
      ]);
      expect(replies.map(code)).toEqual([220, 250, 501, 501, 250, 501, 501, 501]);
    });

    it('refuses a refused recipient with its code, and fails the next DATA for now', async () => {
      smtp.refuse('Gone@Example.com', 550, 'No such user');
      smtp.failNext(1);
      const replies = await converse(smtp.port, [
        'EHLO client.example.com',
        'MAIL FROM:<bot@example.com>',
        'RCPT TO:<gone@example.com>',
        'RCPT TO:<ana@example.com>',
        'DATA',
        'Subject: one\r\n\r\nbody\r\n.',
        'MAIL FROM:<bot@example.com>',
        'RCPT TO:<ana@example.com>',
        'DATA',
        'Subject: two\r\n\r\nbody\r\n.',
      ]);
      expect(replies.slice(3)).toEqual([
        '550 No such user',
        '250 Accepted',
        expect.stringMatching(/^354 /),
        expect.stringMatching(/^451 /),
        '250 Accepted',
        '250 Accepted',
        expect.stringMatching(/^354 /),
        expect.stringMatching(/^250 /),
      ]);
      const mail = await smtp.waitForMail((m) => m.subject === 'two', 1_000);
      expect(mail.to).toEqual(['ana@example.com']);
      expect(smtp.mails).toHaveLength(1);
    });

    it('waitForMail rejects in time when no mail matches', async () => {
      await expect(smtp.waitForMail(() => true, 50)).rejects.toThrow(/no matching mail within 50 ms/);
    });
  });
});
