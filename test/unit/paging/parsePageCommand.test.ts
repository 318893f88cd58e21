import { MAX_TEXT } from '../../../src/incidents/parseIncidentCommand';
import { pageCommandContext, parsePageCommand } from '../../../src/paging/parsePageCommand';
import { fixturePolicy } from '../../fixtures/policy';

const ctx = {
  command: '/page',
  schedules: { primary: ['primary', 'secondary'], secondary: ['primary'] },
  maxTargets: 20,
};

describe('/page: who to page and why', () => {
  test.each([
    [
      '<@U0ALICE|alice> "DB failover needs a second pair of eyes"',
      [{ kind: 'user', id: 'U0ALICE' }],
      'DB failover needs a second pair of eyes',
    ],
    [
      '<!subteam^S0SRE|@sre-oncall> \u201cDisk full on db-1\u201d',
      [{ kind: 'usergroup', id: 'S0SRE' }],
      'Disk full on db-1',
    ],
    ['primary "help"', [{ kind: 'schedule', name: 'primary' }], 'help'],
    ['primary/secondary "help"', [{ kind: 'schedule', name: 'primary/secondary' }], 'help'],
    ['"message first" <@U1>', [{ kind: 'user', id: 'U1' }], 'message first'],
    [
      '<@U1> <!subteam^S1> secondary <@U1|again> "  trimmed  "',
      [
        { kind: 'user', id: 'U1' },
        { kind: 'usergroup', id: 'S1' },
        { kind: 'schedule', name: 'secondary' },
      ],
      'trimmed',
    ],
  ])('%j', (text, targets, message) => {
    expect(parsePageCommand(text, ctx)).toEqual({ ok: true, command: { targets, message } });
  });

  test.each([
    [
      'plain @name',
      '@bob "help"',
      [
        'I don\'t know who "@bob" is',
        'Pick people and groups from the @-mention list',
        'Schedules: primary, secondary',
      ],
    ],
    ['unknown schedule', 'tertiary "help"', ['I don\'t know who "tertiary" is', 'Schedules: primary, secondary']],
    ['a channel is not a target', '<#C1|general> "help"', ['I don\'t know who "<#C1>" is']],
    ['nobody to page', '"help"', ['Say who to page', 'Schedules: primary, secondary']],
    ['no message', '<@U1>', ['Add one message in quotes']],
    ['two messages', '<@U1> "a" "b"', ['Add one message in quotes']],
    ['blank message', '<@U1> "  "', ['Add one message in quotes']],
    ['message too long', `<@U1> "${'m'.repeat(MAX_TEXT + 1)}"`, [`That message is ${MAX_TEXT + 1} characters`]],
    ['quote never closed', '<@U1> "help', ['never closed', '`/page @alice @sre-oncall primary']],
    [
      'a layer the schedule does not have',
      'primary/nosuch "help"',
      ['Schedule primary has no layer "nosuch"', 'Its layers: primary, secondary'],
    ],
    ['an empty layer name', 'secondary/ "help"', ['Schedule secondary has no layer ""', 'Its layers: primary']],
    [
      'too many targets',
      `${Array.from({ length: 21 }, (_, i) => `<@U${i}>`).join(' ')} "help"`,
      ['That names 21 people, groups and schedules', 'at most 20'],
    ],
  ])('%s', (_name, text, fragments) => {
    const result = parsePageCommand(text, ctx);
    expect(result.ok).toBe(false);
    for (const f of fragments) expect(!result.ok && result.error).toContain(f);
  });

  test('exactly the limit is fine; duplicates count once', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `<@U${i}>`).join(' ');
    expect(parsePageCommand(`${twenty} <@U0> "help"`, ctx).ok).toBe(true);
  });

  test('no schedules configured: no schedule hint, and names are unknown', () => {
    const result = parsePageCommand('primary "x"', { command: '/page', schedules: {}, maxTargets: 20 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).not.toContain('Schedules:');
  });
});

describe('/page: whole answers', () => {
  const example = '`/page @alice @sre-oncall primary "DB failover needs a second pair of eyes"`';
  test.each([
    // The @-mention hint is for a typed @name only; a word that is no schedule gets the schedule list alone.
    ['tertiary "help"', ctx, `I don't know who "tertiary" is. Schedules: primary, secondary. Example: ${example}.`],
    [
      '@bob "help"',
      { ...ctx, schedules: {} },
      `I don't know who "@bob" is. Pick people and groups from the @-mention list so Slack links them. Example: ${example}.`,
    ],
    ['"help"', { ...ctx, schedules: {} }, `Say who to page. Example: ${example}.`],
    [
      'primary/secondary/x/y "help"',
      ctx,
      `Schedule primary has no layer "secondary/x/y". Its layers: primary, secondary (write \`primary\` or \`primary/<layer>\`). Example: ${example}.`,
    ],
  ])('%j', (text, context, error) => {
    expect(parsePageCommand(text, context)).toEqual({ ok: false, error });
  });

  test('a message of exactly the limit is sent', () => {
    const message = 'm'.repeat(MAX_TEXT);
    expect(parsePageCommand(`<@U1> "${message}"`, ctx)).toEqual({
      ok: true,
      command: { targets: [{ kind: 'user', id: 'U1' }], message },
    });
  });

  test('only command-text mistakes become answers: anything else thrown is a bug and is not hidden', () => {
    expect(() => parsePageCommand(null as unknown as string, ctx)).toThrow(TypeError);
  });
});

describe('pageCommandContext', () => {
  test('the page command, each schedule with its layers, and the target limit from the policy', () => {
    expect(pageCommandContext(fixturePolicy())).toEqual({
      command: '/page',
      schedules: { primary: ['primary'], secondary: ['primary'] },
      maxTargets: 20,
    });
  });
});
