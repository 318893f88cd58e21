/**
 * An acknowledge link's token: a page_contact id and its HMAC under the bot's link key. Only a token this
 * key made gives an id back; anything else (another key, a changed character, another id) gives null.
 */
import { createHmac } from 'node:crypto';
import { ackToken, contactIdOfToken } from '../../../src/paging/ackToken';

const KEY = Buffer.from('a link key of the bot, 32 bytes!');
const OTHER = Buffer.from('another bot, another link key...');

/** The token's MAC part, as the module makes it (HMAC-SHA256 of `ack:<id>`, base64url, 32 characters). */
const macOf = (key: Buffer, id: number) =>
  createHmac('sha256', key).update(`ack:${id}`).digest('base64url').slice(0, 32);

describe('ackToken', () => {
  test.each([0, 1, 7, 4821, 2 ** 31, 999_999_999_999])('gives %d back from its own token', (id) => {
    expect(contactIdOfToken(KEY, ackToken(KEY, id))).toBe(id);
  });

  test.each([1, 4821, 999_999_999_999])('is URL-safe and of a sensible length for %d', (id) => {
    expect(ackToken(KEY, id)).toMatch(/^[A-Za-z0-9_-]{20,100}$/);
  });

  it('is the id, an underscore and the first 32 characters of the base64url HMAC-SHA256 of "ack:<id>"', () => {
    expect(ackToken(KEY, 4821)).toBe(`4821_${macOf(KEY, 4821)}`);
    expect(macOf(KEY, 4821)).toHaveLength(32);
  });

  it('is the same every time for one id and key (a retried email carries the same link), and differs by id and key', () => {
    expect(ackToken(KEY, 4821)).toBe(ackToken(Buffer.from(KEY), 4821));
    expect(ackToken(KEY, 4821)).not.toBe(ackToken(KEY, 4822));
    expect(ackToken(KEY, 4821)).not.toBe(ackToken(OTHER, 4821));
  });
});

describe('contactIdOfToken', () => {
  const token = ackToken(KEY, 4821);
  const mac = token.slice('4821_'.length);

  it('refuses a token made with another key', () => {
    expect(contactIdOfToken(OTHER, token)).toBeNull();
    expect(contactIdOfToken(KEY, ackToken(OTHER, 4821))).toBeNull();
  });

  it('refuses a token whose MAC was changed by one character, anywhere', () => {
    for (let i = 0; i < mac.length; i += 1) {
      const swapped = mac[i] === 'A' ? 'B' : 'A';
      const tampered = `4821_${mac.slice(0, i)}${swapped}${mac.slice(i + 1)}`;
      expect(contactIdOfToken(KEY, tampered)).toBeNull();
    }
  });

  it('refuses a MAC cut short or made longer', () => {
    expect(contactIdOfToken(KEY, token.slice(0, -1))).toBeNull();
    expect(contactIdOfToken(KEY, `${token}A`)).toBeNull();
    expect(
      contactIdOfToken(KEY, `4821_${createHmac('sha256', KEY).update('ack:4821').digest('base64url')}`),
    ).toBeNull();
  });

  it("refuses another id with this id's MAC (a right-looking MAC for the wrong row)", () => {
    expect(contactIdOfToken(KEY, `4822_${mac}`)).toBeNull();
    expect(contactIdOfToken(KEY, `1_${mac}`)).toBeNull();
    expect(contactIdOfToken(KEY, `48210_${mac}`)).toBeNull();
  });

  test.each([
    '',
    '_',
    '4821',
    '4821_',
    '_abc',
    'abc_def',
    '-4821_abc',
    '4821 _abc',
    ' 4821_abc',
    '1234567890123_abc',
    '4821_abc def',
    '4821_abc/def',
    '4821_abc=',
    '4821.0_abc',
  ])('refuses the malformed %j', (text) => expect(contactIdOfToken(KEY, text)).toBeNull());

  it('refuses a well-formed token for an id longer than 12 digits, even with its own MAC', () => {
    const id = 1_234_567_890_123;
    expect(contactIdOfToken(KEY, `${id}_${macOf(KEY, id)}`)).toBeNull();
  });

  it('refuses the malformed forms of a real token', () => {
    expect(contactIdOfToken(KEY, ` ${token}`)).toBeNull();
    expect(contactIdOfToken(KEY, `${token} `)).toBeNull();
    expect(contactIdOfToken(KEY, `${token}\n`)).toBeNull();
    expect(contactIdOfToken(KEY, `x${token}`)).toBeNull();
    expect(contactIdOfToken(KEY, token.replace('_', '-'))).toBeNull();
    expect(contactIdOfToken(KEY, token.replace('_', ''))).toBeNull();
  });

  it('reads a MAC that has underscores and dashes of its own', () => {
    // Find ids whose MAC holds an underscore and a dash: the id ends at the first underscore.
    const ids = Array.from({ length: 200 }, (_, i) => i).filter(
      (id) => /_/.test(macOf(KEY, id)) && /-/.test(macOf(KEY, id)),
    );
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(contactIdOfToken(KEY, ackToken(KEY, id))).toBe(id);
  });
});
