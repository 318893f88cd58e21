/** The contact methods form as submitted: what to add, the code, the rules, or what is wrong beside which field. */
import { parseContactForm, type ContactFormFields } from '../../../src/contact/parseContactForm';
import { methodKey } from '../../../src/contact/modalMeta';
import { reorder } from '../../../src/contact/methods';
import { CONTACT_KINDS, type ContactKind } from '../../../src/config/contact';

const ALL: readonly ContactKind[] = CONTACT_KINDS;
const EMPTY: ContactFormFields = { kind: null, address: null, code: null, high: null, low: null };
const parse = (fields: Partial<ContactFormFields>, ctx: { setUp?: readonly ContactKind[]; keys?: string[] } = {}) =>
  parseContactForm({ ...EMPTY, ...fields }, { setUp: ctx.setUp ?? ALL, keys: ctx.keys ?? [] });

describe('adding a method', () => {
  test.each([
    ['sms', '+1 (555) 555-0100', '+15555550100'],
    ['voice', '+44 20 7946 0958', '+442079460958'],
    ['email', '  ana@example.com ', 'ana@example.com'],
    ['webhook', 'https://hooks.example.com/x?a=1&b=2', 'https://hooks.example.com/x?a=1&b=2'],
  ])('%s %j is stored as %j', (kind, address, stored) => {
    expect(parse({ kind, address })).toEqual({
      ok: true,
      form: { add: { kind, address: stored }, code: null, rules: {} },
    });
  });

  it('ignores a kind picked with no address (Slack cannot unpick a select)', () => {
    expect(parse({ kind: 'sms' })).toEqual({ ok: true, form: { add: null, code: null, rules: {} } });
    expect(parse({ kind: 'sms', address: '   ' })).toEqual({ ok: true, form: { add: null, code: null, rules: {} } });
  });

  it('asks for the kind when only an address is given, or an unknown one', () => {
    const pick = {
      ok: false,
      errors: { kind: 'Pick what kind of method this is: SMS, voice call, email or webhook.' },
    };
    expect(parse({ address: '+15555550100' })).toEqual(pick);
    expect(parse({ kind: 'pager', address: '+15555550100' })).toEqual(pick);
  });

  it('says how to write a number, an email address or a URL', () => {
    expect(parse({ kind: 'sms', address: '555-0100' })).toEqual({
      ok: false,
      errors: { address: '"555-0100" is not a phone number: write it with its country code, e.g. +1 555 555 0100' },
    });
    expect(parse({ kind: 'voice', address: '+1 555' }).ok).toBe(false);
    expect(parse({ kind: 'email', address: 'Ana <ana@example.com>' })).toEqual({
      ok: false,
      errors: { address: '"Ana <ana@example.com>" is not an email address: write it as name@example.com' },
    });
    expect(parse({ kind: 'webhook', address: 'hooks.example.com' })).toEqual({
      ok: false,
      errors: { address: '"hooks.example.com" is not a URL: write it as https://example.com/hook' },
    });
  });

  it('refuses a kind whose provider is not set up, saying who sets it up', () => {
    const r = parse({ kind: 'sms', address: '+15555550100' }, { setUp: ['email'] });
    expect(r).toEqual({
      ok: false,
      errors: {
        kind: 'SMS is not set up on this bot: an admin sets TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (docs/waking-people.md). Pick another kind.',
      },
    });
    expect(parse({ kind: 'email', address: 'a@b.co' }, { setUp: ['sms'] })).toMatchObject({
      errors: { kind: expect.stringMatching(/^Email is not set up on this bot: an admin sets SMTP_URL/) },
    });
    expect(parse({ kind: 'webhook', address: 'https://x.example' }, { setUp: [] })).toMatchObject({
      errors: { kind: expect.stringMatching(/^Webhooks are not set up on this bot/) },
    });
    expect(parse({ kind: 'voice', address: '+15555550100' }, { setUp: [] })).toMatchObject({
      errors: {
        kind: expect.stringMatching(/^Voice calls are not set up on this bot: an admin sets TWILIO_ACCOUNT_SID/),
      },
    });
  });

  it('refuses a method the person already has, however it is written', () => {
    const keys = [methodKey('sms', '+15555550100'), methodKey('email', 'ana@example.com')];
    expect(parse({ kind: 'sms', address: '+1 555-555-0100' }, { keys })).toEqual({
      ok: false,
      errors: { address: 'You already have this number for sms: each method is listed once.' },
    });
    expect(parse({ kind: 'email', address: 'ana@example.com' }, { keys })).toEqual({
      ok: false,
      errors: { address: 'You already have this address for email: each method is listed once.' },
    });
    // The same number as another kind is another method.
    expect(parse({ kind: 'voice', address: '+15555550100' }, { keys }).ok).toBe(true);
  });

  it('refuses an eleventh method', () => {
    const nine = Array.from({ length: 9 }, (_, i) => methodKey('email', `a${i}@example.com`));
    expect(parse({ kind: 'email', address: 'b@example.com' }, { keys: nine }).ok).toBe(true);
    const ten = [...nine, methodKey('email', 'z@example.com')];
    expect(parse({ kind: 'email', address: 'b@example.com' }, { keys: ten })).toEqual({
      ok: false,
      errors: {
        address: 'You have 10 contact methods, the most one person can have: remove one before adding another.',
      },
    });
  });
});

describe('the code and the rules', () => {
  it('takes a code written with spaces, and says how to write a wrong one', () => {
    expect(parse({ code: '123 456' })).toEqual({ ok: true, form: { add: null, code: '123456', rules: {} } });
    expect(parse({ code: '  ' })).toEqual({ ok: true, form: { add: null, code: null, rules: {} } });
    expect(parse({ code: '12345' })).toEqual({
      ok: false,
      errors: { code: 'Write the 6 digits of the code we sent, e.g. 123456.' },
    });
  });

  it('reads each rule, ordered by delay; an empty rule follows the default; an absent one is left alone', () => {
    expect(parse({ high: '  \n ' })).toEqual({ ok: true, form: { add: null, code: null, rules: { high: null } } });
    expect(parse({ high: 'voice 3m, slack, sms 1m', low: '' })).toEqual({
      ok: true,
      form: {
        add: null,
        code: null,
        rules: {
          high: [
            { method: 'slack', afterMs: 0 },
            { method: 'sms', afterMs: 60_000 },
            { method: 'voice', afterMs: 180_000 },
          ],
          low: null,
        },
      },
    });
  });

  it('says how to write a malformed rule, beside its own field, with every other mistake at once', () => {
    expect(parse({ kind: 'sms', address: 'nope', high: 'sms soon', low: 'pigeon 1m', code: 'x' })).toEqual({
      ok: false,
      errors: {
        address: '"nope" is not a phone number: write it with its country code, e.g. +1 555 555 0100',
        code: 'Write the 6 digits of the code we sent, e.g. 123456.',
        high: '"soon" is not a delay: write it like 0m, 30s, 1m or 1h.',
        low: '"pigeon 1m" is not a step: write a method (slack, sms, voice, email, webhook) and a delay, e.g. `sms 1m`.',
      },
    });
  });
});

describe('reorder', () => {
  it('swaps a method with its neighbour, and refuses to move past either end', () => {
    expect(reorder([1, 2, 3], 2, 'up')).toEqual([2, 1, 3]);
    expect(reorder([1, 2, 3], 2, 'down')).toEqual([1, 3, 2]);
    expect(reorder([1, 2, 3], 1, 'up')).toBeNull();
    expect(reorder([1, 2, 3], 3, 'down')).toBeNull();
    expect(reorder([1, 2, 3], 9, 'up')).toBeNull();
  });
});
