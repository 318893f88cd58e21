/** The `schedules:` section as operators write it: what parses to what, and what each mistake says. */
import { parse as parseYaml } from 'yaml';
import { ZSchedules, parseHandoff, parseSchedules, parseSchedulesOrThrow } from '../../../src/config/scheduleSchema';
import { whoIsOnCall } from '../../../src/schedules/rotation';

const valid = {
  timezone: 'America/Chicago',
  shift: '1w',
  handoff: 'Mon 09:00',
  members: ['U0AAA', 'U0BBB', 'U0CCC'],
  start: '2026-01-05',
};
const problemsOf = (entry: Record<string, unknown>) => parseSchedules({ primary: entry }).problems;

test('the example config from the issue parses into specs that answer who is on call', () => {
  const yaml = `
schedules:
  primary:   { timezone: America/Chicago, shift: 1w, handoff: "Mon 09:00",
               members: [U0AAA, U0BBB, U0CCC], start: "2026-01-05" }
  secondary: { timezone: America/Chicago, shift: 1w, handoff: "Mon 09:00",
               members: [U0BBB, U0CCC, U0AAA], start: "2026-01-05" }
`;
  const { schedules, problems } = parseSchedules(parseYaml(yaml).schedules);
  expect(problems).toEqual([]);
  expect(schedules.primary).toEqual({
    name: 'primary',
    timezone: 'America/Chicago',
    members: ['U0AAA', 'U0BBB', 'U0CCC'],
    shift: { unit: 'days', days: 7 },
    handoff: { weekday: 1, hour: 9, minute: 0 },
    start: { year: 2026, month: 1, day: 5 },
    overrides: [],
    layers: {},
  });
  const at = new Date('2026-03-09T14:00:00Z'); // Mon 09:00 CDT, week 9
  expect([whoIsOnCall(schedules.primary, at), whoIsOnCall(schedules.secondary, at)]).toEqual(['U0AAA', 'U0BBB']);
});

test('sub-day shifts, overrides in the zone and with an offset, and every kind of layer', () => {
  const yaml = `
schedules:
  nights:
    timezone: Australia/Sydney
    shift: 12h
    handoff: "08:00"
    members: [U0AAA, U0BBB]
    start: 2026-04-01
    overrides:
      - { user: U0DDD, from: "2026-04-04 18:00", to: "2026-04-06 08:00" }
      - { user: U0EEE, from: "2026-04-10T09:00:00+10:00", to: "2026-04-11T09:00Z", layer: backup }
    layers:
      backup: next
      third: { offset: 2 }
      shadow: { members: [U0FFF], shift: 1d }
`;
  const spec = parseSchedulesOrThrow(parseYaml(yaml).schedules).nights;
  expect(spec.shift).toEqual({ unit: 'minutes', minutes: 720 });
  expect(spec.handoff).toEqual({ hour: 8, minute: 0 });
  expect(spec.start).toEqual({ year: 2026, month: 4, day: 1 });
  expect(spec.overrides).toEqual([
    // 18:00 AEDT (+11) on the 4th; 08:00 AEST (+10) on the 6th, after summer time ended.
    { user: 'U0DDD', from: new Date('2026-04-04T07:00:00Z'), to: new Date('2026-04-05T22:00:00Z'), layer: 'primary' },
    { user: 'U0EEE', from: new Date('2026-04-09T23:00:00Z'), to: new Date('2026-04-11T09:00:00Z'), layer: 'backup' },
  ]);
  expect(spec.layers).toEqual({
    backup: { kind: 'offset', offset: 1 },
    third: { kind: 'offset', offset: 2 },
    shadow: {
      kind: 'rotation',
      rotation: {
        members: ['U0FFF'],
        shift: { unit: 'days', days: 1 },
        handoff: { hour: 8, minute: 0 },
        start: { year: 2026, month: 4, day: 1 },
      },
    },
  });
});

test.each([
  ['Mon 09:00', { weekday: 1, hour: 9, minute: 0 }],
  ['sunday 23:59', { weekday: 7, hour: 23, minute: 59 }],
  ['Thu 7:05', { weekday: 4, hour: 7, minute: 5 }],
  ['08:00', { hour: 8, minute: 0 }],
  [' 00:00 ', { hour: 0, minute: 0 }],
  ['24:00', null],
  ['09:60', null],
  ['Mon', null],
  ['Moon 09:00', null],
  ['9am', null],
])('handoff %j → %j', (text, expected) => {
  expect(parseHandoff(text)).toEqual(expected);
});

describe('each mistake says what is expected, under the key it is in', () => {
  test.each<[string, Record<string, unknown>, string[]]>([
    [
      'handoff in the wrong form',
      { ...valid, handoff: '9am Monday' },
      [
        `schedules.primary.handoff: handoff must look like "Mon 09:00" (weekly) or "08:00" (daily or sub-day), a 24-hour time in the schedule's time zone, not "9am Monday"`,
      ],
    ],
    [
      'unknown IANA zone',
      { ...valid, timezone: 'America/Chicgo' },
      [
        'schedules.primary.timezone: unknown time zone "America/Chicgo": timezone must be an IANA zone name like "America/Chicago" or "Europe/London"',
      ],
    ],
    [
      'a fixed offset instead of a zone',
      { ...valid, timezone: '+05:30' },
      [
        'schedules.primary.timezone: unknown time zone "+05:30": timezone must be an IANA zone name like "America/Chicago" or "Europe/London"',
      ],
    ],
    [
      'missing timezone',
      { ...valid, timezone: undefined },
      ['schedules.primary.timezone: timezone must be an IANA zone name like "America/Chicago" or "Europe/London"'],
    ],
    [
      'shift that is not a duration',
      { ...valid, shift: 'weekly' },
      ['schedules.primary.shift: shift must be a duration like 1w, 2d, 1d, 12h or 30m, not "weekly"'],
    ],
    [
      'sub-day shift that does not divide a day',
      { ...valid, shift: '5h', handoff: '08:00' },
      [
        'schedules.primary.shift: shift "5h": a shift shorter than a day must divide 24h evenly (e.g. 30m, 1h, 6h, 8h, 12h) so slots start at the same times every day',
      ],
    ],
    [
      'shift of a day and a half',
      { ...valid, shift: '1d12h', handoff: '08:00' },
      ['schedules.primary.shift: shift "1d12h": a shift of a day or more must be whole days (e.g. 1d, 2d, 1w)'],
    ],
    [
      'weekday handoff with a daily shift',
      { ...valid, shift: '1d' },
      [
        'schedules.primary.handoff: a handoff with a weekday ("Mon 09:00") needs a shift of whole weeks (1w, 2w…); for daily or shorter shifts write only the time, like "09:00"',
      ],
    ],
    [
      'start that is not a real day',
      { ...valid, start: '2026-02-29' },
      [
        'schedules.primary.start: start must be a date like "2026-01-05" (the first shift begins at the first handoff on or after it), not "2026-02-29"',
      ],
    ],
    [
      'a member that is not a user id',
      { ...valid, members: ['U0AAA', '@alice'] },
      ['schedules.primary.members.1: members must be Slack user ids like "U0123ABCD" (profile → ⋮ → Copy member ID)'],
    ],
    [
      'members not a list',
      { ...valid, members: 'U0AAA' },
      [
        'schedules.primary.members: members must be Slack user ids like "U0123ABCD" (profile → ⋮ → Copy member ID), as a list: [U0AAA, U0BBB]',
      ],
    ],
    [
      'a user group written as a mention',
      { ...valid, usergroup: '@primary-oncall' },
      [
        'schedules.primary.usergroup: usergroup must be a Slack user group id like "S0123ABCD" or a handle like "primary-oncall" (lowercase letters, digits, ".", "-", "_"; no "@"), not "@primary-oncall"',
      ],
    ],
    [
      'a misspelt key',
      { ...valid, handof: 'Mon 09:00' },
      [
        'schedules.primary: unknown key "handof": a schedule is { timezone, shift, handoff, members, start, channel?, overrides?, layers?, usergroup? }',
      ],
    ],
    [
      'an override time in no known form',
      { ...valid, overrides: [{ user: 'U0DDD', from: 'Saturday evening', to: '2026-03-09 09:00' }] },
      [
        `schedules.primary.overrides.0.from: "Saturday evening" is not a time: write "2026-03-07 18:00" (in the schedule's time zone) or an ISO time with offset like "2026-03-07T18:00:00-06:00"`,
      ],
    ],
    [
      'an override without a user',
      { ...valid, overrides: [{ from: '2026-03-07 18:00', to: '2026-03-09 09:00' }] },
      ['schedules.primary.overrides.0.user: user is required: the Slack user id covering, like "U0123ABCD"'],
    ],
    [
      'an override for a layer that does not exist',
      {
        ...valid,
        overrides: [{ user: 'U0DDD', from: '2026-03-07 18:00', to: '2026-03-09 09:00', layer: 'secondary' }],
      },
      [
        'schedules.primary.overrides.0.layer: layer "secondary" is not defined under layers (this schedule has: primary)',
      ],
    ],
    [
      'a layer in no known form',
      { ...valid, layers: { secondary: 'previous' } },
      [
        'schedules.primary.layers.secondary: a layer must be "next", { offset: N } (N members further on in the same rotation) or its own rotation { members: [...], shift?, handoff?, start? }, not "previous"',
      ],
    ],
    [
      'an offset layer of 0',
      { ...valid, layers: { secondary: { offset: 0 } } },
      ['schedules.primary.layers.secondary.offset: offset must be 1 or more'],
    ],
    [
      'a rotation layer with a bad handoff',
      { ...valid, layers: { shadow: { members: ['U0DDD'], handoff: 'noon' } } },
      [
        `schedules.primary.layers.shadow.handoff: handoff must look like "Mon 09:00" (weekly) or "08:00" (daily or sub-day), a 24-hour time in the schedule's time zone, not "noon"`,
      ],
    ],
    [
      'a rotation layer whose daily shift keeps the weekly handoff',
      { ...valid, layers: { shadow: { members: ['U0DDD'], shift: '1d' } } },
      [
        'schedules.primary.layers.shadow.handoff: a handoff with a weekday ("Mon 09:00") needs a shift of whole weeks (1w, 2w…); for daily or shorter shifts write only the time, like "09:00"',
      ],
    ],
    [
      'a layer named primary',
      { ...valid, layers: { primary: 'next' } },
      ['schedules.primary.layers: "primary" is the schedule itself; name other layers differently'],
    ],
  ])('%s', (_label, entry, expected) => {
    expect(problemsOf(entry)).toEqual(expected);
  });

  test('several mistakes in one schedule are all reported', () => {
    expect(problemsOf({ ...valid, timezone: 'Mars/Olympus', shift: '7h', members: ['alice'] })).toHaveLength(3);
  });
});

test('one bad schedule does not hide the good ones', () => {
  const result = parseSchedules({
    good: valid,
    bad: { ...valid, handoff: 'whenever' },
    'has space': valid,
    list: ['x'],
  });
  expect(Object.keys(result.schedules)).toEqual(['good']);
  expect(result.problems.map((p) => p.split(':')[0])).toEqual([
    'schedules.bad.handoff',
    'schedules.has space',
    'schedules.list',
  ]);
});

test('ranges are accepted as written: an override ending before it starts is a warning, not an error', () => {
  const result = parseSchedules({
    p: { ...valid, overrides: [{ user: 'U0DDD', from: '2026-03-09 09:00', to: '2026-03-07 18:00' }] },
  });
  expect(result.problems).toEqual([]);
  expect(result.schedules.p.overrides[0].to.getTime()).toBeLessThan(result.schedules.p.overrides[0].from.getTime());
});

test('a zone name in the wrong case is accepted and spelt the standard way', () => {
  expect(parseSchedulesOrThrow({ p: { ...valid, timezone: 'america/chicago' } }).p.timezone).toBe('America/Chicago');
});

test('absent schedules are none; a non-map is a problem', () => {
  expect(parseSchedules(undefined)).toEqual({ schedules: {}, problems: [] });
  expect(parseSchedules([valid]).problems).toEqual(['schedules: schedules must be a map of name → schedule']);
});

test('ZSchedules works inside a larger zod schema and names each spec', () => {
  const parsed = ZSchedules.parse({ primary: valid });
  expect(parsed.primary.name).toBe('primary');
  expect(() => parseSchedulesOrThrow({ p: { ...valid, shift: '0h' } })).toThrow(
    /schedules\.p\.shift: shift must be a duration/,
  );
});

test('usergroup: a group id or a handle is kept as written; absent, the schedule has none', () => {
  expect(parseSchedulesOrThrow({ p: { ...valid, usergroup: 'S0ONCALL' } }).p.usergroup).toBe('S0ONCALL');
  expect(parseSchedulesOrThrow({ p: { ...valid, usergroup: 'primary-oncall' } }).p.usergroup).toBe('primary-oncall');
  expect(parseSchedulesOrThrow({ p: valid }).p).not.toHaveProperty('usergroup');
});

test("a schedule's team channel (channel:) is kept without its #; left out, the schedule has none", () => {
  const { schedules, problems } = parseSchedules({
    team: { ...valid, channel: '#team-oncall' },
    plain: valid,
  });
  expect(problems).toEqual([]);
  expect(schedules.team.channel).toBe('team-oncall');
  expect('channel' in schedules.plain).toBe(false);
  expect(problemsOf({ ...valid, channel: '' })).toEqual([expect.stringContaining('schedules.primary.channel')]);
});
