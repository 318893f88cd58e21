import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_ACK_TIMEOUT_MS, loadPolicy, parsePolicy, PolicyError } from '../../../src/config/policy';
import { FIXTURE_POLICY_PATH } from '../../fixtures/policy';

const fixtureText = fs.readFileSync(FIXTURE_POLICY_PATH, 'utf8');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-test-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writePolicy(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function policyError(run: () => unknown): PolicyError {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('expected a PolicyError');
}

const MIN = 60_000;

describe('the example policy file from the issue', () => {
  const policy = loadPolicy(FIXTURE_POLICY_PATH);

  test('top-level settings', () => {
    expect(policy.timezone).toBe('UTC');
    expect(policy.channels).toEqual({
      announce: 'incidents',
      postmortem: 'engineering',
      handoff: null,
      privatePostmortem: null,
    });
    expect(policy.privateIncidents).toEqual({ announce: 'none', pagesShowTitle: false });
    expect(policy.commands).toEqual({
      incident: '/incident',
      page: '/page',
      status: '/incident-status',
      oncall: '/oncall',
    });
    expect(policy.channelNamePattern).toBe('incident-{date}-{slug}');
  });

  test('severities in the order written, with cadence and paging', () => {
    expect(policy.severities.map((s) => [s.key, s.updateEveryMs, s.policy, s.pageOnDeclare])).toEqual([
      ['SEV1', 15 * MIN, 'critical', true],
      ['SEV2', 30 * MIN, 'critical', true],
      ['SEV3', 60 * MIN, null, false],
      ['SEV4', null, null, false],
    ]);
    expect(policy.severities[0]).toMatchObject({
      aliases: ['1', 'P1', 'critical'],
      description: 'Complete outage or data loss',
    });
    expect(policy.severities[1].description).toBeNull();
  });

  test('the escalation policy', () => {
    expect(policy.escalationPolicies.critical).toEqual({
      name: 'critical',
      levels: [
        { notify: [{ kind: 'schedule', name: 'primary' }], ackTimeoutMs: 5 * MIN },
        {
          notify: [
            { kind: 'schedule', name: 'secondary' },
            { kind: 'user', id: 'U0MANAGER' },
          ],
          ackTimeoutMs: 10 * MIN,
        },
        { notify: [{ kind: 'usergroup', id: 'S0SRE' }], ackTimeoutMs: DEFAULT_ACK_TIMEOUT_MS },
      ],
      repeat: 1,
      unresolved: [
        { afterMs: 15 * MIN, notify: [{ kind: 'user', id: 'U0VPENG' }] },
        { afterMs: 30 * MIN, notify: [{ kind: 'user', id: 'U0CTO' }] },
      ],
    });
  });

  test('the schedules', () => {
    expect(Object.keys(policy.schedules)).toEqual(['primary', 'secondary']);
    expect(policy.schedules.primary).toMatchObject({
      timezone: 'America/Chicago',
      members: ['U0AAA', 'U0BBB', 'U0CCC'],
      shift: { unit: 'days', days: 7 },
      handoff: { weekday: 1, hour: 9, minute: 0 },
      start: { year: 2026, month: 1, day: 5 },
    });
  });
});

describe('defaults', () => {
  const expectDefaults = (policy: ReturnType<typeof parsePolicy>) => {
    expect(policy.severities.map((s) => [s.key, s.updateEveryMs])).toEqual([
      ['SEV1', 15 * MIN],
      ['SEV2', 30 * MIN],
      ['SEV3', 60 * MIN],
      ['SEV4', null],
    ]);
    expect(policy.timezone).toBe('UTC');
    expect(policy.commands).toEqual({
      incident: '/incident',
      page: '/page',
      status: '/incident-status',
      oncall: '/oncall',
    });
    expect(policy.channels).toEqual({
      announce: 'incidents',
      postmortem: 'engineering',
      handoff: null,
      privatePostmortem: null,
    });
    expect(policy.privateIncidents).toEqual({ announce: 'none', pagesShowTitle: false });
    expect(policy.escalationPolicies).toEqual({});
    expect(policy.schedules).toEqual({});
    expect(policy.alertIntakeMaxWaiting).toBe(20_000);
  };
  test('a missing file', () => expectDefaults(loadPolicy(path.join(dir, 'does-not-exist.yml'))));
  test('an empty file', () => expectDefaults(loadPolicy(writePolicy('empty.yml', ''))));
  test('an empty object', () => expectDefaults(parsePolicy({}, 'x.yml')));
  test('null', () => expectDefaults(parsePolicy(null, 'x.yml')));
});

describe('a severity named private', () => {
  it('is refused: /metrics counts private incidents under that name', () => {
    expect(() => parsePolicy({ severities: { SEV1: {}, Private: {} } }, 'x.yml')).toThrow(
      'severities.Private: "private" is reserved (private incidents are counted under it); pick another name',
    );
  });
});

describe('small conveniences', () => {
  test('"#channel" is accepted and stored without the hash; numeric aliases become text', () => {
    const policy = parsePolicy(
      {
        channels: { announce: '#incidents', postmortem: '#eng', handoff: '#oncall', private_postmortem: '#sec-pm' },
        announce_private: 'count',
        private_pages: 'with_title',
        severities: { S1: { aliases: [1, 'P1'] } },
      },
      'x.yml',
    );
    expect(policy.channels).toEqual({
      announce: 'incidents',
      postmortem: 'eng',
      handoff: 'oncall',
      privatePostmortem: 'sec-pm',
    });
    expect(policy.privateIncidents).toEqual({ announce: 'count', pagesShowTitle: true });
    expect(policy.severities[0].aliases).toEqual(['1', 'P1']);
  });

  test('the alert intake bound, and what it may not be', () => {
    expect(parsePolicy({ alert_intake: { max_waiting: 500 } }, 'x.yml').alertIntakeMaxWaiting).toBe(500);
    expect(policyError(() => parsePolicy({ alert_intake: { max_waiting: 0 } }, 'x.yml')).problems).toEqual([
      expect.stringMatching(/^alert_intake\.max_waiting: /),
    ]);
  });

  test('renamed commands', () => {
    expect(parsePolicy({ commands: { incident: '/inc', status: '/inc-status' } }, 'x.yml').commands).toEqual({
      incident: '/inc',
      page: '/page',
      status: '/inc-status',
      oncall: '/oncall',
    });
  });
});

describe('broken policy files: the message names the file, the key path and what is expected', () => {
  /** Each variant is the example file with one edit, as an operator would make it. */
  const variants: [string, [string | RegExp, string], string[]][] = [
    [
      'update_every not a duration',
      [/update_every: 15m/, 'update_every: soon'],
      ['severities.SEV1.update_every: expected a duration like 30s, 5m, 1h or 1w, got "soon"'],
    ],
    [
      'update_every a bare number',
      [/update_every: 15m/, 'update_every: 15'],
      ['severities.SEV1.update_every: expected a duration like 30s, 5m, 1h or 1w'],
    ],
    [
      "a severity's policy does not exist",
      ['update_every: 30m, policy: critical', 'update_every: 30m, policy: urgent'],
      ['severities.SEV2.policy: "urgent" is not defined under escalation_policies'],
    ],
    [
      'paging on declare without a policy',
      [
        'SEV3: { aliases: ["3", P3, minor], update_every: 1h }',
        'SEV3: { aliases: ["3", P3, minor], update_every: 1h, page_on_declare: true }',
      ],
      ['severities.SEV3.page_on_declare: needs a policy to page'],
    ],
    [
      'a schedule target that does not exist',
      ['"schedule:primary"', '"schedule:tertiary"'],
      ['escalation_policies.critical.levels.0.notify.0: schedule "tertiary" is not defined under schedules'],
    ],
    [
      'a schedule layer that does not exist',
      ['"schedule:primary"', '"schedule:primary/shadow"'],
      ['escalation_policies.critical.levels.0.notify.0: schedule "primary" has no layer "shadow"'],
    ],
    [
      'an unresolved target that does not exist',
      ['"user:U0CTO"', '"schedule:execs"'],
      ['escalation_policies.critical.unresolved.1.notify.0: schedule "execs" is not defined under schedules'],
    ],
    [
      'a target that is not a target',
      ['"user:U0MANAGER"', '"manager"'],
      [
        'escalation_policies.critical.levels.1.notify.1: expected a target: user:U…, usergroup:S…, schedule:<name>, channel:C… or pagerduty:<name>, got "manager"',
      ],
    ],
    [
      'a user target written as a name',
      ['"user:U0MANAGER"', '"user:bob"'],
      ['escalation_policies.critical.levels.1.notify.1: expected a target', 'got "user:bob"'],
    ],
    [
      'ack_timeout not a duration',
      ['ack_timeout: 10m', 'ack_timeout: ten minutes'],
      [
        'escalation_policies.critical.levels.1.ack_timeout: expected a duration like 30s, 5m, 1h or 1w, got "ten minutes"',
      ],
    ],
    [
      'unresolved after not a duration',
      ['after: 15m', 'after: 15'],
      ['escalation_policies.critical.unresolved.0.after: expected a duration'],
    ],
    ['repeat negative', ['repeat: 1', 'repeat: -1'], ['escalation_policies.critical.repeat:', '>=0']],
    [
      '/status is a Slack built-in',
      ['status: /incident-status', 'status: /status'],
      ["commands.status: is one of Slack's built-in commands, which apps cannot register"],
    ],
    [
      'a command without a slash',
      ['page: /page', 'page: page'],
      ['commands.page: expected a slash command like /incident (lowercase, no spaces)'],
    ],
    ['two commands with one name', ['page: /page', 'page: /incident'], ['commands: each command needs its own name']],
    [
      'an unknown time zone',
      ['timezone: UTC', 'timezone: Central'],
      ['timezone: expected an IANA time zone such as UTC or Europe/London'],
    ],
    [
      'a misspelt severity key',
      ['SEV4: { aliases: ["4", P4, low] }', 'SEV4: { aliases: ["4", P4, low], update_evry: 2h }'],
      ['severities.SEV4', 'update_evry'],
    ],
    [
      'aliases not a list',
      ['SEV4: { aliases: ["4", P4, low] }', 'SEV4: { aliases: low }'],
      ['severities.SEV4.aliases', 'expected array'],
    ],
    [
      'a severity name with a space',
      ['SEV4: {', '"SEV 4": {'],
      ['severities.SEV 4: expected a severity name of letters, digits, - or _ (e.g. SEV1)'],
    ],
    [
      'a schedule handoff without minutes',
      ['handoff: "Mon 09:00",\n               members: [U0AAA', 'handoff: "Mon 9",\n               members: [U0AAA'],
      ['schedules.primary.handoff', 'handoff must look like "Mon 09:00"'],
    ],
    [
      'a schedule member that is not a user id',
      ['members: [U0AAA, U0BBB, U0CCC]', 'members: [alice, U0BBB, U0CCC]'],
      ['schedules.primary.members.0', 'Slack user ids'],
    ],
    [
      'a typo at the top level',
      ['escalation_policies:', 'escalation_policy:'],
      ['unknown key `escalation_policy` — did you mean `escalation_policies`?'],
    ],
  ];

  test.each(variants)('%s', (name, [find, replace], fragments) => {
    const text = fixtureText.replace(find, replace);
    expect(text).not.toBe(fixtureText); // the edit applied
    const file = writePolicy(`${name.replace(/\W+/g, '-')}.yml`, text);
    const error = policyError(() => loadPolicy(file));
    expect(error.file).toBe(file);
    expect(error.message.startsWith(`${file}: `)).toBe(true);
    expect(error.explain()).toContain(`The policy file ${file} is not valid:`);
    for (const fragment of fragments) expect(error.problems.join('\n')).toContain(fragment);
  });

  test('several mistakes are reported together', () => {
    const doc = parseYaml(fixtureText);
    doc.severities.SEV1.update_every = 'soon';
    doc.commands.status = '/status';
    const error = policyError(() => parsePolicy(doc, 'incident.config.yml'));
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('commands.status:'),
        expect.stringContaining('severities.SEV1.update_every:'),
      ]),
    );
    expect(error.problems).toHaveLength(2);
  });

  test('a misspelt section is read as the one meant: its policies are not reported missing', () => {
    const error = policyError(() =>
      loadPolicy(writePolicy('misspelt.yml', fixtureText.replace('escalation_policies:', 'escalation_policy:'))),
    );
    expect(error.problems).toEqual(['unknown key `escalation_policy` — did you mean `escalation_policies`?']);
  });

  test('cross-reference problems are reported together too', () => {
    const doc = parseYaml(fixtureText);
    doc.severities.SEV3.policy = 'nope';
    doc.escalation_policies.critical.levels[0].notify = ['schedule:nobody'];
    const error = policyError(() => parsePolicy(doc, 'incident.config.yml'));
    expect(error.problems).toHaveLength(2);
    expect(error.problems.join('\n')).toContain('severities.SEV3.policy');
    expect(error.problems.join('\n')).toContain('escalation_policies.critical.levels.0.notify.0');
  });

  test.each([
    [
      'no levels',
      { escalation_policies: { p: { levels: [] } } },
      'escalation_policies.p.levels: expected at least one level',
    ],
    [
      'a level without targets',
      { escalation_policies: { p: { levels: [{ notify: [] }] } } },
      'escalation_policies.p.levels.0.notify: expected at least one target',
    ],
    ['no severities', { severities: {} }, 'severities: expected at least one severity'],
    [
      'a channel name pattern without slug or id',
      { channel_name: 'incident-{date}' },
      'channel_name: expected a pattern containing {slug} or {id}',
    ],
    ['not a mapping', ['a', 'b'], '(top level):'],
  ])('%s', (_name, raw, fragment) => {
    expect(policyError(() => parsePolicy(raw, 'p.yml')).problems.join('\n')).toContain(fragment);
  });

  test.each(['/status', '/me', '/remind', '/invite', '/topic', '/shrug'])(
    'built-in %s is refused for every command',
    (builtIn) => {
      for (const key of ['incident', 'page', 'status', 'oncall']) {
        const error = policyError(() => parsePolicy({ commands: { [key]: builtIn } }, 'p.yml'));
        expect(error.problems).toEqual([
          `commands.${key}: is one of Slack's built-in commands, which apps cannot register`,
        ]);
      }
    },
  );

  test('invalid YAML names the line', () => {
    const file = writePolicy('broken.yml', 'timezone: UTC\nseverities:\n  SEV1: { aliases: [1, P1\n');
    const error = policyError(() => loadPolicy(file));
    expect(error.file).toBe(file);
    expect(error.problems).toHaveLength(1);
    // An unclosed list is found at the end of the file; the caret points where the ] is missing.
    expect(error.problems[0]).toBe(
      `${file}:3:26: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n` +
        '3 |   SEV1: { aliases: [1, P1\n' +
        '  |                          ^',
    );
  });
});
