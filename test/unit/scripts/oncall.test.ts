/** `npm run oncall`: what an operator sees, from a policy file given as text. */
import { runOncall, type OncallIo } from '../../../scripts/oncall';

const CONFIG = `
severities: { sev1: { description: ignored here } }
schedules:
  primary:
    timezone: America/Chicago
    shift: 1w
    handoff: "Mon 09:00"
    members: [U0AAA, U0BBB, U0CCC]
    start: "2026-01-05"
    layers: { secondary: next }
    overrides:
      - { user: U0DDD, from: "2026-03-07 18:00", to: "2026-03-09 09:00" }
  nights: { timezone: Australia/Sydney, shift: 12h, handoff: "08:00", members: [U0AAA, U0BBB], start: "2026-04-01" }
`;

function run(
  argv: string[],
  files: Record<string, string> = { './incident.config.yml': CONFIG },
  env: Record<string, string> = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const io: OncallIo = {
    env,
    now: new Date('2026-03-06T18:00:00Z'),
    readFile: (path) => {
      if (!(path in files)) throw new Error(`ENOENT: no such file, open '${path}'`);
      return files[path];
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  return { code: runOncall(argv, io), out, err };
}

test('a schedule now, with its layers and the next shifts, in local time and UTC; DST weeks show 167h', () => {
  const { code, out, err } = run(['primary', '--next', '2']);
  expect(err).toEqual([]);
  expect(code).toBe(0);
  expect(out).toEqual([
    'primary: America/Chicago, 1w shifts, handoff Mon 09:00, members U0AAA, U0BBB, U0CCC',
    'At Fri 2026-03-06 12:00 CST (2026-03-06T18:00Z):',
    '  primary    U0CCC  Mon 2026-03-02 09:00 CST (2026-03-02T15:00Z) → Sat 2026-03-07 18:00 CST (2026-03-08T00:00Z)  [129h]',
    '  secondary  U0AAA  Mon 2026-03-02 09:00 CST (2026-03-02T15:00Z) → Mon 2026-03-09 09:00 CDT (2026-03-09T14:00Z)  [167h]',
    'Next 2 shift(s), primary:',
    '  U0DDD (override)  Sat 2026-03-07 18:00 CST (2026-03-08T00:00Z) → Mon 2026-03-09 09:00 CDT (2026-03-09T14:00Z)  [38h]',
    '  U0AAA  Mon 2026-03-09 09:00 CDT (2026-03-09T14:00Z) → Mon 2026-03-16 09:00 CDT (2026-03-16T14:00Z)  [168h]',
    'Next 2 shift(s), secondary:',
    '  U0BBB  Mon 2026-03-09 09:00 CDT (2026-03-09T14:00Z) → Mon 2026-03-16 09:00 CDT (2026-03-16T14:00Z)  [168h]',
    '  U0CCC  Mon 2026-03-16 09:00 CDT (2026-03-16T14:00Z) → Mon 2026-03-23 09:00 CDT (2026-03-23T14:00Z)  [168h]',
  ]);
});

test('--at in the schedule zone, --layer, and a 13 h night across the end of Sydney summer time', () => {
  const { code, out } = run(['nights', '--at', '2026-04-04 19:00', '--next', '1', '--layer', 'primary']);
  expect(code).toBe(0);
  expect(out.slice(1)).toEqual([
    'At Sat 2026-04-04 19:00 +11:00 (2026-04-04T08:00Z):',
    '  primary  U0AAA  Sat 2026-04-04 08:00 +11:00 (2026-04-03T21:00Z) → Sat 2026-04-04 20:00 +11:00 (2026-04-04T09:00Z)  [12h]',
    'Next 1 shift(s), primary:',
    '  U0BBB  Sat 2026-04-04 20:00 +11:00 (2026-04-04T09:00Z) → Sun 2026-04-05 08:00 +10:00 (2026-04-04T22:00Z)  [13h]',
  ]);
});

test('before a schedule starts: nobody now, then its first shift', () => {
  const { out } = run(['nights', '--at=2026-03-30T00:00:00Z', '--next=1']);
  expect(out).toContain('  primary  nobody');
  expect(out).toContain(
    '  U0AAA  Wed 2026-04-01 08:00 +11:00 (2026-03-31T21:00Z) → Wed 2026-04-01 20:00 +11:00 (2026-04-01T09:00Z)  [12h]',
  );
  expect(out.some((l) => l.startsWith('  nobody from'))).toBe(true);
});

test('no schedule named: everyone on call now, every schedule, each row named as a target names it, no next shifts', () => {
  const { code, out } = run([]);
  expect(code).toBe(0);
  expect(out.filter((l) => l.startsWith('  ')).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
    'primary U0CCC',
    'primary/secondary U0AAA',
    'nights nobody', // nights starts on 2026-04-01; its row is not "primary", the other schedule's name
  ]);
  expect(out.some((l) => l.startsWith('Next'))).toBe(false);
});

test('the file comes from --config, else INCIDENT_CONFIG, else ./incident.config.yml', () => {
  expect(run(['primary'], { '/etc/bot/policy.yml': CONFIG }, { INCIDENT_CONFIG: '/etc/bot/policy.yml' }).code).toBe(0);
  expect(
    run(['primary', '--config', '/x.yml'], { '/x.yml': CONFIG }, { INCIDENT_CONFIG: '/etc/bot/policy.yml' }).code,
  ).toBe(0);
  const missing = run(['primary'], {});
  expect(missing.code).toBe(1);
  expect(missing.err[0]).toMatch(/^Cannot read \.\/incident\.config\.yml: ENOENT/);
});

test('mistakes: unknown schedule, unknown layer, bad --at, bad --next, a broken schedule', () => {
  expect(run(['backend']).err).toEqual([
    'No schedule "backend" in ./incident.config.yml (schedules: primary, nights).',
  ]);
  expect(run(['backend']).code).toBe(2);
  expect(run(['primary', '--layer', 'tertiary']).err).toEqual([
    'Schedule "primary" has no layer "tertiary" (layers: primary, secondary).',
  ]);
  expect(run(['primary', '--at', 'tomorrow']).err[0]).toMatch(
    /^--at "tomorrow" is not a time: write "2026-03-07 18:00"/,
  );
  expect(run(['primary', '--next', '-1']).code).toBe(2);
  expect(run(['primary', '--at']).err[0]).toBe('--at needs a value');
  const broken = run(['primary'], { './incident.config.yml': CONFIG.replace('"Mon 09:00"', '"Monday morning"') });
  expect(broken.code).toBe(1);
  expect(broken.err).toEqual([
    './incident.config.yml: schedules.primary.handoff: handoff must look like "Mon 09:00" (weekly) or "08:00" (daily or sub-day), a 24-hour time in the schedule\'s time zone, not "Monday morning"',
    'Schedule "primary" has the problems above.',
  ]);
});
