/** Contact addresses as stored: numbers in E.164 through libphonenumber-js, mail and URLs as written. */
import { DEFAULT_NOTIFICATION_RULES, isEmailAddress, normaliseAddress, toE164 } from '../../../src/config/contact';
import { parsePolicy, PolicyError } from '../../../src/config/policy';

describe('toE164', () => {
  test.each([
    ['+1 (555) 555-0100', '+15555550100'],
    ['+1 555 555 0100', '+15555550100'],
    ['+15555550100', '+15555550100'],
    ['  +44 20 7946 0958 ', '+442079460958'],
    ['+49 30 901820', '+4930901820'],
    ['tel:+12025550123', '+12025550123'],
  ])('%j is %j', (text, e164) => expect(toE164(text)).toBe(e164));

  test.each(['555-0100', '2025550123', '+1 555', '+1 555 555 01000', '+999 123', 'call me', ''])(
    '%j is not a number it can store',
    (text) => expect(toE164(text)).toBeNull(),
  );

  it('accepts the example its own answer gives', () => {
    const answer = normaliseAddress('sms', '555-0100');
    expect(answer).toEqual({
      problem: '"555-0100" is not a phone number: write it with its country code, e.g. +1 555 555 0100',
    });
    expect(normaliseAddress('sms', '+1 555 555 0100')).toEqual({ address: '+15555550100' });
  });
});

function problems(doc: Record<string, unknown>): string[] {
  try {
    parsePolicy(doc, 'test');
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
  throw new Error('expected a PolicyError');
}

describe('notification_rules: in the policy file', () => {
  const rules = (notificationRules: unknown) =>
    parsePolicy({ notification_rules: notificationRules }, 'test').notificationRules;

  it('reads each step as its method and delay, in the order written', () => {
    expect(
      rules({
        high: [
          { method: 'slack', after: '0m' },
          { method: 'sms', after: '30s' },
          { method: 'voice', after: '1m' },
          { method: 'webhook', after: '1h30m' },
        ],
        low: [
          { method: 'email', after: '5m' },
          { method: 'slack', after: 0 },
        ],
      }),
    ).toEqual({
      high: [
        { method: 'slack', afterMs: 0 },
        { method: 'sms', afterMs: 30_000 },
        { method: 'voice', afterMs: 60_000 },
        { method: 'webhook', afterMs: 90 * 60_000 },
      ],
      low: [
        { method: 'email', afterMs: 5 * 60_000 },
        { method: 'slack', afterMs: 0 },
      ],
    });
  });

  test.each([['0m'], ['0'], ['0s'], ['00'], [' 0h '], ['0w'], [0]])('reads after: %j as at once', (after) => {
    expect(rules({ high: [{ method: 'sms', after }] }).high).toEqual([{ method: 'sms', afterMs: 0 }]);
  });

  test.each([
    ['30s', 30_000],
    ['1m', 60_000],
    ['2H', 2 * 3_600_000],
    [' 90s ', 90_000],
    ['1m30s', 90_000],
    ['01m', 60_000],
    ['0m30s', 30_000],
  ])('reads after: %j as %d ms', (after, ms) => {
    expect(rules({ high: [{ method: 'sms', after }] }).high).toEqual([{ method: 'sms', afterMs: ms }]);
  });

  it('takes a step without after as at once', () => {
    expect(rules({ low: [{ method: 'email' }] }).low).toEqual([{ method: 'email', afterMs: 0 }]);
  });

  it('uses the built-in rule for an urgency the file leaves out, and for no section at all', () => {
    expect(rules({ low: [{ method: 'slack' }] })).toEqual({
      high: DEFAULT_NOTIFICATION_RULES.high,
      low: [{ method: 'slack', afterMs: 0 }],
    });
    expect(rules({ high: [{ method: 'voice' }] }).low).toEqual(DEFAULT_NOTIFICATION_RULES.low);
    expect(parsePolicy({}, 'test').notificationRules).toEqual(DEFAULT_NOTIFICATION_RULES);
    expect(DEFAULT_NOTIFICATION_RULES).toEqual({
      high: [
        { method: 'slack', afterMs: 0 },
        { method: 'sms', afterMs: 60_000 },
        { method: 'voice', afterMs: 180_000 },
      ],
      low: [
        { method: 'slack', afterMs: 0 },
        { method: 'email', afterMs: 0 },
      ],
    });
  });

  it('refuses a method it does not know, naming the step', () => {
    expect(problems({ notification_rules: { high: [{ method: 'pager', after: '1m' }] } })).toEqual([
      'notification_rules.high.0.method: expected one of slack, sms, voice, email, webhook',
    ]);
  });

  test.each([['soon'], ['1x'], ['-1m'], ['1.5m'], ['m'], ['']])('refuses the delay %j, naming the step', (after) => {
    expect(problems({ notification_rules: { low: [{ method: 'slack' }, { method: 'email', after }] } })).toEqual([
      `notification_rules.low.1.after: expected a delay like 0m, 1m or 30s, got "${after}"`,
    ]);
  });

  test.each([[5], [true], [null]])('refuses a delay that is not text (%j)', (after) => {
    expect(problems({ notification_rules: { high: [{ method: 'sms', after }] } })).toEqual([
      'notification_rules.high.0.after: expected a delay like 0m, 1m or 30s',
    ]);
  });

  it('refuses an empty rule, an urgency it does not know and a step with other keys', () => {
    expect(problems({ notification_rules: { high: [] } })).toHaveLength(1);
    expect(problems({ notification_rules: { high: [] } })[0]).toMatch(/^notification_rules\.high: /);
    expect(problems({ notification_rules: { urgent: [{ method: 'sms' }] } })[0]).toBe(
      'unknown key `notification_rules.urgent` — expected one of: high, low',
    );
    expect(problems({ notification_rules: { high: [{ method: 'sms', delay: '1m' }] } })[0]).toBe(
      'unknown key `notification_rules.high.0.delay` — expected one of: method, after',
    );
  });
});

describe('people: in the policy file', () => {
  const people = (p: unknown) => parsePolicy({ people: p }, 'test').people;

  it('stores numbers in E.164, and mail and URLs as written (trimmed)', () => {
    expect(
      people({
        U0123ABC: {
          sms: '+1 (555) 555-0100',
          voice: ' +44 20 7946 0958 ',
          email: ' ana@example.com ',
          webhook: 'https://ntfy.example.com/ana',
        },
        W0BBB: { email: 'bo@example.org' },
      }),
    ).toEqual({
      U0123ABC: {
        sms: '+15555550100',
        voice: '+442079460958',
        email: 'ana@example.com',
        webhook: 'https://ntfy.example.com/ana',
      },
      W0BBB: { email: 'bo@example.org' },
    });
  });

  it('is empty when the file declares nobody', () => {
    expect(parsePolicy({}, 'test').people).toEqual({});
  });

  it('refuses a number without its country code, naming the person and method', () => {
    expect(problems({ people: { U0AAA: { sms: '555-0100' } } })).toEqual([
      'people.U0AAA.sms: "555-0100" is not a phone number: write it with its country code, e.g. +1 555 555 0100',
    ]);
    expect(problems({ people: { U0AAA: { voice: 'call me' } } })).toEqual([
      'people.U0AAA.voice: "call me" is not a phone number: write it with its country code, e.g. +1 555 555 0100',
    ]);
  });

  test.each([
    'ana',
    'ana@',
    'ana@example',
    'Ana <ana@example.com>',
    'a b@example.com',
    'ana@@example.com',
    'ana@example.com, bo@example.com',
    'ana@example.com bo',
  ])('refuses the email address %j', (email) => {
    expect(problems({ people: { U0AAA: { email } } })).toEqual([
      `people.U0AAA.email: "${email}" is not an email address: write it as name@example.com`,
    ]);
  });

  test.each(['ntfy.example.com/ana', 'ftp://example.com/x', 'javascript:alert(1)'])(
    'refuses the webhook %j',
    (webhook) => {
      expect(problems({ people: { U0AAA: { webhook } } })).toEqual([
        `people.U0AAA.webhook: "${webhook}" is not a URL: write it as https://example.com/hook`,
      ]);
    },
  );

  it('takes an http webhook as well as an https one', () => {
    expect(people({ U0AAA: { webhook: 'http://10.0.0.5:8080/hook' } })).toEqual({
      U0AAA: { webhook: 'http://10.0.0.5:8080/hook' },
    });
  });

  it('names every bad address at once', () => {
    expect(problems({ people: { U0AAA: { sms: '12', email: 'nope' }, U0BBB: { voice: '+1 555' } } })).toEqual([
      'people.U0AAA.sms: "12" is not a phone number: write it with its country code, e.g. +1 555 555 0100',
      'people.U0AAA.email: "nope" is not an email address: write it as name@example.com',
      'people.U0BBB.voice: "+1 555" is not a phone number: write it with its country code, e.g. +1 555 555 0100',
    ]);
  });

  it('refuses a key that is not a Slack user id, and a method it does not know', () => {
    for (const key of ['ana', 'u0aaa', 'xU0AAA', 'U0AAAx', 'U0AAA-1', 'S0GROUP', 'U'])
      expect(problems({ people: { [key]: { sms: '+15555550100' } } })).toEqual([
        `people.${key}: expected a Slack user id such as U0123ABC`,
      ]);
    // Not a list of people at all: zod's own words, not the user id's.
    expect(problems({ people: 'everyone' })).toHaveLength(1);
    expect(problems({ people: 'everyone' })[0]).toMatch(/^people: /);
    expect(problems({ people: 'everyone' })[0]).not.toContain('Slack user id');
    expect(problems({ people: { U0AAA: { pager: '+15555550100' } } })[0]).toBe(
      'unknown key `people.U0AAA.pager` — expected one of: sms, voice, email, webhook',
    );
  });
});

describe('isEmailAddress', () => {
  it('takes a plain mailbox of at most 254 characters', () => {
    expect(isEmailAddress('a@b.co')).toBe(true);
    const local = 'a'.repeat(64);
    const long = `${local}@${'d'.repeat(254 - local.length - 5)}.com`;
    expect(long).toHaveLength(254);
    expect(isEmailAddress(long)).toBe(true);
    expect(isEmailAddress(`a${long}`)).toBe(false);
  });
});

describe("a severity's urgency: in the policy file", () => {
  it('is high or low, and says so when it is neither', () => {
    expect(problems({ severities: { S1: { urgency: 'urgent' } } })).toEqual([
      'severities.S1.urgency: expected high or low',
    ]);
  });
});
