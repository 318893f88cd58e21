import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkConfig } from '../../../src/app/checkConfig';
import { parsePolicy } from '../../../src/config/policy';
import { runCheckConfig } from '../../../src/cli/checkConfig';
import { FIXTURE_POLICY_PATH, fixturePolicy } from '../../fixtures/policy';

const NOW = new Date('2026-03-04T15:00:00Z');

const weekly = (extra: Record<string, unknown> = {}) => ({
  timezone: 'America/Chicago',
  shift: '1w',
  handoff: 'Mon 09:00',
  members: ['U0AAA', 'U0BBB'],
  start: '2026-01-05',
  ...extra,
});

function policy(doc: Record<string, unknown>) {
  return parsePolicy(doc, 'test.yml');
}

describe('checkConfig', () => {
  it('finds nothing to warn about in the example policy', () => {
    expect(checkConfig(fixturePolicy(), NOW).warnings).toEqual([]);
  });

  it('warns about a schedule with no members, the levels it leaves empty, and severities that would page nobody', () => {
    const config = policy({
      severities: {
        SEV1: { policy: 'dead', page_on_declare: true },
        SEV2: { policy: 'mixed', page_on_declare: true },
      },
      escalation_policies: {
        dead: { levels: [{ notify: ['schedule:empty'] }], unresolved: [{ after: '15m', notify: ['schedule:empty'] }] },
        mixed: { levels: [{ notify: ['schedule:empty'] }, { notify: ['schedule:empty', 'user:U0MANAGER'] }] },
      },
      schedules: { empty: weekly({ members: [] }) },
    });
    const { warnings } = checkConfig(config, NOW);
    expect(warnings).toContain('schedules.empty: has no members');
    expect(warnings).toContain(
      'escalation_policies.dead.levels.0: can never reach anyone (schedule:empty has no members)',
    );
    expect(warnings).toContain(
      'escalation_policies.dead.unresolved.0: can never reach anyone (schedule:empty has no members)',
    );
    expect(warnings).toContain(
      'escalation_policies.mixed.levels.0: can never reach anyone (schedule:empty has no members)',
    );
    expect(warnings.some((w) => w.startsWith('escalation_policies.mixed.levels.1'))).toBe(false); // the manager is reachable
    expect(warnings).toContain(
      'severities.SEV1: page_on_declare is set, but declaring it will page nobody: none of its levels can reach anyone',
    );
    expect(warnings.some((w) => w.startsWith('severities.SEV2'))).toBe(false);
  });

  it('warns about a schedule nobody is on call for in the next 8 weeks, and its gaps', () => {
    const config = policy({
      escalation_policies: {
        later: { levels: [{ notify: ['schedule:later'] }] },
        soon: { levels: [{ notify: ['schedule:soon'] }] },
      },
      schedules: { later: weekly({ start: '2026-06-01' }), soon: weekly({ start: '2026-03-16' }) },
    });
    const { warnings } = checkConfig(config, NOW);
    expect(warnings).toContain(
      'escalation_policies.later.levels.0: can never reach anyone (schedule:later has nobody on call in the next 8 weeks)',
    );
    expect(warnings.some((w) => w.startsWith('escalation_policies.soon'))).toBe(false); // starts within the 8 weeks
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^schedule "soon": nobody is on call for primary from Wed 2026-03-04 09:00 CST .* until Mon 2026-03-16 09:00 CDT/,
      ),
    );
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^schedule "later": nobody is on call for primary from .* until at least .*\(end of the check\)/,
      ),
    );
  });

  it('warns about a layer target whose own rotation is empty', () => {
    const config = policy({
      escalation_policies: { p: { levels: [{ notify: ['schedule:s/shadow'] }] } },
      schedules: { s: weekly({ layers: { shadow: { members: [] } } }) },
    });
    expect(checkConfig(config, NOW).warnings).toContain(
      'escalation_policies.p.levels.0: can never reach anyone (schedule:s/shadow has no members)',
    );
  });

  it('warns about an override that ends before it starts', () => {
    const config = policy({
      schedules: { s: weekly({ overrides: [{ user: 'U0CCC', from: '2026-03-10 09:00', to: '2026-03-09 09:00' }] }) },
    });
    expect(checkConfig(config, NOW).warnings).toContainEqual(
      expect.stringMatching(/^schedule "s": override #1 \(U0CCC\) ends .* before it starts .*, so it covers nothing$/),
    );
  });

  it('warns about a handoff channel with no schedules to announce', () => {
    expect(checkConfig(policy({ channels: { handoff: '#handoffs' } }), NOW).warnings).toEqual([
      'channels.handoff: #handoffs is set, but there are no schedules to announce handoffs for',
    ]);
  });

  it("warns when private incidents' post-mortems would go to a channel everyone reads", () => {
    expect(checkConfig(policy({ channels: { private_postmortem: '#engineering' } }), NOW).warnings).toEqual([
      'channels.private_postmortem: "engineering" is also where every incident goes (channels.postmortem): private incidents\' post-mortems would be read there by everyone',
    ]);
    expect(checkConfig(policy({ channels: { private_postmortem: 'incidents' } }), NOW).warnings).toEqual([
      'channels.private_postmortem: "incidents" is also where every incident goes (channels.announce): private incidents\' post-mortems would be read there by everyone',
    ]);
    expect(checkConfig(policy({ channels: { private_postmortem: 'sec-pm' } }), NOW).warnings).toEqual([]);
  });
});

describe('npm run check-config', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-config-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runCheckConfig(argv, { env: {}, now: NOW, out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('says OK for a valid file and exits 0', () => {
    const { code, out } = run([FIXTURE_POLICY_PATH]);
    expect(code).toBe(0);
    expect(out).toEqual([
      `OK: ${FIXTURE_POLICY_PATH} loads (4 severities, 1 escalation policies, 2 schedules, 0 alert integrations).`,
    ]);
  });

  it('prints warnings and exits 0, or 1 with --strict', () => {
    const file = write(
      'empty.yml',
      'schedules:\n  empty: { timezone: UTC, shift: 1d, handoff: "09:00", members: [], start: "2026-01-01" }\n',
    );
    const relaxed = run([file]);
    expect(relaxed.code).toBe(0);
    expect(relaxed.out).toContain('warning: schedules.empty: has no members');
    expect(run([file, '--strict']).code).toBe(1);
  });

  it('checks alert integrations: routes to unknown policies are errors, unset secrets warnings', () => {
    const bad = write(
      'alerts-bad.yml',
      'alerts:\n  prometheus:\n    format: alertmanager\n    token_env: PROM_TOKEN\n    channel: alerts\n    routes:\n      critical: { policy: nosuch }\n',
    );
    const refused = run([bad]);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toContain(
      'alerts.prometheus.routes.critical.policy: "nosuch" is not defined under escalation_policies',
    );

    const good = write(
      'alerts-good.yml',
      'escalation_policies:\n  p: { levels: [{ notify: ["user:U0AAA"] }] }\n' +
        'alerts:\n  grafana:\n    format: grafana\n    token_env: GRAFANA_TOKEN\n    hmac_secret_env: GRAFANA_HMAC\n    channel: "#alerts"\n    routes:\n      critical: { policy: p }\n',
    );
    const warned = run([good]);
    expect(warned.code).toBe(0);
    expect(warned.out).toContain(
      'warning: alerts.grafana.token_env: GRAFANA_TOKEN is not set, so POST /alerts/grafana answers 503 until it is',
    );
    expect(warned.out).toContain(
      'warning: alerts.grafana.hmac_secret_env: GRAFANA_HMAC is not set, so every request is refused',
    );
    const withEnv = runCheckConfig([good], {
      env: { GRAFANA_TOKEN: 't', GRAFANA_HMAC: 's' },
      now: NOW,
      out: () => undefined,
      err: () => undefined,
    });
    expect(withEnv).toBe(0);
    expect(
      runCheckConfig([good, '--strict'], {
        env: { GRAFANA_TOKEN: 't', GRAFANA_HMAC: 's' },
        now: NOW,
        out: () => undefined,
        err: () => undefined,
      }),
    ).toBe(0);
  });

  it('prints the errors of an invalid file and exits 1', () => {
    const file = write('bad.yml', 'escalation_policies:\n  p: { levels: [{ notify: ["schedule:nope"] }] }\n');
    const { code, err, out } = run([file]);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain(
      'escalation_policies.p.levels.0.notify.0: schedule "nope" is not defined under schedules',
    );
  });

  it('names the key a misspelt one most likely meant', () => {
    const file = write('typo.yml', 'severities:\n  SEV1: { update_evry: 15m }\n');
    const { code, err } = run([file]);
    expect(code).toBe(1);
    expect(err.join('\n')).toContain('  - unknown key `severities.SEV1.update_evry` — did you mean `update_every`?');
  });

  it('lists schema errors and unknown names together, in one run', () => {
    const file = write(
      'both.yml',
      'severities:\n' +
        '  SEV1: { update_evry: 15m, policy: nope }\n' +
        '  SEV2: { policy: nosuch }\n' +
        '  SEV3: { policy: broken }\n' +
        'escalation_policies:\n' +
        '  broken: { levels: [{ notify: [bob] }] }\n' +
        'alerts:\n' +
        '  prometheus: { format: alertmanager, token_env: PROM_TOKEN, channel: alerts, routes: { critical: { policy: gone } } }\n',
    );
    const { code, err } = run([file]);
    expect(code).toBe(1);
    expect(err).toEqual([
      [
        `The policy file ${file} is not valid:`,
        '  - unknown key `severities.SEV1.update_evry` — did you mean `update_every`?',
        '  - escalation_policies.broken.levels.0.notify.0: expected a target: user:U…, usergroup:S…, schedule:<name>, channel:C… or pagerduty:<name>, got "bob"',
        // `broken` is written, so SEV3 is not told it is missing: its own error is above.
        '  - severities.SEV1.policy: "nope" is not defined under escalation_policies',
        '  - severities.SEV2.policy: "nosuch" is not defined under escalation_policies',
        '  - alerts.prometheus.routes.critical.policy: "gone" is not defined under escalation_policies',
      ].join('\n'),
    ]);
  });

  it('tells admins the forms admins accepts, and only those', () => {
    const file = write('admins.yml', 'admins: [schedule:primary, bob, usergroup:S0OPS]\n');
    const { code, err } = run([file]);
    expect(code).toBe(1);
    expect(err.join('\n').split('\n').slice(1)).toEqual([
      '  - admins.0: expected a person or user group: user:U… or usergroup:S…, got "schedule:primary"',
      '  - admins.1: expected a person or user group: user:U… or usergroup:S…, got "bob"',
    ]);
  });

  it('points at the line and column of a YAML mistake, with the line and a caret', () => {
    const file = write('syntax.yml', 'timezone: UTC\nseverities:\n  SEV1: { aliases: [1, P1] }}\n  SEV2: {}\n');
    const { code, err } = run([file]);
    expect(code).toBe(1);
    expect(err.join('\n').split('\n').slice(1)).toEqual([
      `  - ${file}:3:29: not valid YAML: Unexpected flow-map-end token in YAML stream: "}"`,
      '    3 |   SEV1: { aliases: [1, P1] }}',
      '      |                             ^',
    ]);
  });

  it('refuses a missing file and unknown options', () => {
    expect(run([path.join(dir, 'nope.yml')]).code).toBe(1);
    expect(run(['--verbose']).code).toBe(2);
  });
});
