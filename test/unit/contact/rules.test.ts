/**
 * A notification rule as a person types it in `/oncall me` (parseRule) and as it is shown back to them
 * (describeRule). Pure; ruleFor and rulesFor read the database and are tested end to end.
 */
import type { RuleStep } from '../../../src/config/contact';
import { describeRule, parseRule } from '../../../src/contact/rules';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('parseRule', () => {
  it('reads steps separated by commas, semicolons or lines, each a method and a delay', () => {
    expect(parseRule('slack 0m, sms 1m, voice 3m')).toEqual({
      steps: [
        { method: 'slack', afterMs: 0 },
        { method: 'sms', afterMs: MIN },
        { method: 'voice', afterMs: 3 * MIN },
      ],
    });
    expect(parseRule('slack 0m; email 30s\nwebhook 2m')).toEqual({
      steps: [
        { method: 'slack', afterMs: 0 },
        { method: 'email', afterMs: 30_000 },
        { method: 'webhook', afterMs: 2 * MIN },
      ],
    });
  });

  it('reads methods in any case, extra spaces and empty parts, and a step without a delay as at once', () => {
    expect(parseRule('  SMS   1M ,, Slack ;\n\n VOICE\t1h30m , ')).toEqual({
      steps: [
        { method: 'slack', afterMs: 0 },
        { method: 'sms', afterMs: MIN },
        { method: 'voice', afterMs: 90 * MIN },
      ],
    });
  });

  test.each(['0', '0m', '0s', '00', '0h', '0d', '0w', '000m'])('reads the delay %j as at once', (delay) => {
    expect(parseRule(`sms ${delay}`)).toEqual({ steps: [{ method: 'sms', afterMs: 0 }] });
  });

  test.each([
    ['01m', MIN],
    ['0m30s', 30_000],
    ['00h5m', 5 * MIN],
  ])('reads the delay %j, which starts with a zero, as %d ms', (delay, ms) => {
    expect(parseRule(`sms ${delay}`)).toEqual({ steps: [{ method: 'sms', afterMs: ms }] });
  });

  it('orders the steps by delay, keeping the written order of equal delays', () => {
    expect(parseRule('voice 3m, sms 1m, email 0m, slack 0m, webhook 1m')).toEqual({
      steps: [
        { method: 'email', afterMs: 0 },
        { method: 'slack', afterMs: 0 },
        { method: 'sms', afterMs: MIN },
        { method: 'webhook', afterMs: MIN },
        { method: 'voice', afterMs: 3 * MIN },
      ],
    });
  });

  it('takes a delay of exactly 24h, and ten steps', () => {
    expect(parseRule('sms 24h')).toEqual({ steps: [{ method: 'sms', afterMs: 24 * HOUR }] });
    expect(parseRule('voice 1d')).toEqual({ steps: [{ method: 'voice', afterMs: 24 * HOUR }] });
    const ten = Array.from({ length: 10 }, (_, i) => `sms ${i + 1}m`).join(', ');
    expect(parseRule(ten)).toEqual({
      steps: Array.from({ length: 10 }, (_, i) => ({ method: 'sms', afterMs: (i + 1) * MIN })),
    });
  });

  test.each(['', '   ', ',', ' ; ,\n'])('asks for a step when given %j', (text) => {
    expect(parseRule(text)).toEqual({ problem: 'A rule needs at least one step, e.g. `slack 0m, sms 1m, voice 3m`.' });
  });

  test.each(['pager 1m', 'sms 1m 2m', 'text 1m', 'sms1m', '1m sms', 'sms 1m please'])(
    'refuses %j as a step, saying how to write one',
    (part) => {
      expect(parseRule(`slack 0m, ${part}`)).toEqual({
        problem: `"${part}" is not a step: write a method (slack, sms, voice, email, webhook) and a delay, e.g. \`sms 1m\`.`,
      });
    },
  );

  test.each(['soon', '1x', '-1m', '1.5m', 'm', '1q'])('refuses the delay %j', (delay) => {
    expect(parseRule(`slack, sms ${delay}`)).toEqual({
      problem: `"${delay}" is not a delay: write it like 0m, 30s, 1m or 1h.`,
    });
  });

  test.each(['24h1s', '25h', '2d', '1441m'])('refuses the delay %j as longer than 24h', (delay) => {
    expect(parseRule(`sms ${delay}`)).toEqual({ problem: `"${delay}" is too long: a step waits at most 24h.` });
  });

  it('refuses eleven steps', () => {
    const eleven = Array.from({ length: 11 }, () => 'slack').join(', ');
    expect(parseRule(eleven)).toEqual({ problem: 'A rule has at most 10 steps.' });
  });

  it('names the first wrong step of several', () => {
    expect(parseRule('sms soon, pager 1m')).toEqual({
      problem: '"soon" is not a delay: write it like 0m, 30s, 1m or 1h.',
    });
  });
});

describe('describeRule', () => {
  it('writes each step as its method and delay, as the person types them', () => {
    expect(
      describeRule([
        { method: 'slack', afterMs: 0 },
        { method: 'sms', afterMs: MIN },
        { method: 'voice', afterMs: 3 * MIN },
      ]),
    ).toBe('slack 0m, sms 1m, voice 3m');
    expect(
      describeRule([
        { method: 'email', afterMs: 30_000 },
        { method: 'webhook', afterMs: 90_000 },
        { method: 'voice', afterMs: 90 * MIN },
        { method: 'sms', afterMs: 24 * HOUR },
      ]),
    ).toBe('email 30s, webhook 1m30s, voice 1h30m, sms 1d');
    expect(describeRule([])).toBe('');
  });

  it('writes every unit of a delay, so the form (which starts from this text) saved unchanged keeps the rule', () => {
    expect(
      describeRule([
        { method: 'sms', afterMs: HOUR + 30_000 },
        { method: 'voice', afterMs: 24 * HOUR + 30_000 },
        { method: 'email', afterMs: 25 * HOUR + MIN + 1_000 },
        { method: 'webhook', afterMs: 2 * HOUR },
      ]),
    ).toBe('sms 1h30s, voice 1d30s, email 1d1h1m1s, webhook 2h');
  });

  it('is read back by parseRule as the same rule', () => {
    const rules: RuleStep[][] = [
      [
        { method: 'slack', afterMs: 0 },
        { method: 'sms', afterMs: MIN },
        { method: 'voice', afterMs: 3 * MIN },
      ],
      [
        { method: 'email', afterMs: 0 },
        { method: 'webhook', afterMs: 45_000 },
        { method: 'voice', afterMs: 2 * HOUR + 15 * MIN },
      ],
      [
        { method: 'sms', afterMs: 30_000 },
        { method: 'voice', afterMs: HOUR + 30_000 },
        { method: 'email', afterMs: 23 * HOUR + 59 * MIN + 59_000 },
      ],
    ];
    for (const steps of rules) expect(parseRule(describeRule(steps))).toEqual({ steps });
  });
});
