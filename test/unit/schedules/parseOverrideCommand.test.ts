/**
 * `/oncall cover|override|overrides`, parsed (parseOverrideCommand, through parseOncallCommand), and
 * the window read in the author's zone (resolveOverrideWindow), DST included.
 */
import { parseOncallCommand } from '../../../src/schedules/parseOncallCommand';
import { parseOverrideCommand, resolveOverrideWindow } from '../../../src/schedules/parseOverrideCommand';

const ctx = { command: '/oncall', schedules: { primary: ['primary', 'secondary'], db: ['primary'] } };
const parse = (text: string) => parseOverrideCommand(text, ctx);
const BOB = '<@U0BOB|bob>';

describe('parseOverrideCommand', () => {
  test.each([
    [
      `cover ${BOB} tonight`,
      { kind: 'cover', user: 'U0BOB', window: { kind: 'tonight' }, schedule: null, layer: null },
    ],
    [
      `cover ${BOB} 2026-12-05 18:00 to 2026-12-06 09:00 db`,
      {
        kind: 'cover',
        user: 'U0BOB',
        window: { kind: 'range', from: '2026-12-05 18:00', to: '2026-12-06 09:00' },
        schedule: 'db',
        layer: null,
      },
    ],
    [
      `cover ${BOB} from "Fri 18:00" to \u201cMon 09:00\u201d primary/secondary`,
      {
        kind: 'cover',
        user: 'U0BOB',
        window: { kind: 'range', from: 'Fri 18:00', to: 'Mon 09:00' },
        schedule: 'primary',
        layer: 'secondary',
      },
    ],
    [
      'override primary @me from "Fri 18:00" to "Mon 09:00"',
      {
        kind: 'override',
        user: 'me',
        window: { kind: 'range', from: 'Fri 18:00', to: 'Mon 09:00' },
        schedule: 'primary',
        layer: 'primary',
      },
    ],
    [
      `OVERRIDE primary/secondary ${BOB} 2026-12-05T18:00-06:00 to 2026-12-06T09:00-06:00`,
      {
        kind: 'override',
        user: 'U0BOB',
        window: { kind: 'range', from: '2026-12-05T18:00-06:00', to: '2026-12-06T09:00-06:00' },
        schedule: 'primary',
        layer: 'secondary',
      },
    ],
    ['overrides', { kind: 'overrides', schedule: null }],
    ['overrides db', { kind: 'overrides', schedule: 'db' }],
  ])('%s', (text, command) => {
    expect(parse(text)).toEqual({ ok: true, command });
  });

  test.each([
    ['cover tonight', "I don't know who covers you"],
    [`cover ${BOB}`, "I don't know when: say `tonight` or `<start> to <end>`"],
    [`cover ${BOB} tomorrow`, `I don't know when "tomorrow" is`],
    [`cover ${BOB} 18:00 to`, `I don't know when "18:00 to" is`],
    [`cover ${BOB} to 09:00`, `I don't know when "to 09:00" is`],
    [
      `cover ${BOB} tonight primary/tertiary`,
      'Schedule "primary" has no layer "tertiary" (it has primary, secondary).',
    ],
    [`override nope ${BOB} from 18:00 to 19:00`, 'There is no schedule "nope". Schedules: `primary`, `db`.'],
    [`override ${BOB} from 18:00 to 19:00`, "I don't know which schedule"],
    ['override primary from 18:00 to 19:00', "I don't know who is on call"],
    ['overrides nope', 'There is no schedule "nope"'],
    ['overrides primary db', "I don't know what to list"],
  ])('%s → refused, saying how to write it', (text, message) => {
    const result = parse(text);
    expect(result.ok).toBe(false);
    const error = (result as { error: string }).error;
    expect(error).toContain(message);
    expect(error).toContain('Write it as one of:');
    expect(error).toContain('`/oncall cover @bob tonight`');
  });

  test('the usage names every form, with the first schedule as the example (primary when there is none)', () => {
    const usage = [
      'Write it as one of:',
      '• `/oncall cover @bob tonight` (today 18:00 to tomorrow 09:00, your time zone)',
      '• `/oncall cover @bob 2026-12-05 18:00 to 2026-12-06 09:00 [db]`',
      '• `/oncall override db @me from "Fri 18:00" to "Mon 09:00"` (`db/<layer>` for another layer)',
      '• `/oncall overrides [db]` to list them, with Remove buttons',
      'Times are read in your Slack time zone; `2026-12-05T18:00-06:00` is an exact instant.',
    ].join('\n');
    expect(parseOverrideCommand('', { command: '/oncall', schedules: { db: ['primary'] } })).toEqual({
      ok: false,
      error: usage,
    });
    expect(parseOverrideCommand('coverage', { command: '/oncall', schedules: { db: ['primary'] } })).toEqual({
      ok: false,
      error: usage,
    });
    expect(parseOverrideCommand(BOB, { command: '/oncall', schedules: { db: ['primary'] } })).toEqual({
      ok: false,
      error: usage,
    });
    const none = parseOverrideCommand('override', { command: '/oncall', schedules: {} });
    expect(none).toMatchObject({ ok: false });
    expect((none as { error: string }).error).toContain('name it first, like `override primary @bob …`');
    expect((none as { error: string }).error).toContain('• `/oncall override primary @me from');
  });

  test.each([
    ['me', 'me'],
    ['@me', 'me'],
    ['@ME', 'me'],
    [BOB, 'U0BOB'],
  ])('override primary %s … → %s', (who, user) => {
    expect(parse(`override primary ${who} from 18:00 to 19:00`)).toMatchObject({ ok: true, command: { user } });
  });

  test.each([
    'cover',
    'override',
    'override primary',
    'override primary meh from 18:00 to 19:00',
    'override primary home from 18:00 to 19:00',
    'override primary "me" from 18:00 to 19:00',
    'override primary @me from soon',
    `override primary @me ${BOB} to 19:00`,
    `cover ${BOB} <@U0CAROL|carol> tonight`,
    'overrides "primary"',
  ])('%s → refused', (text) => {
    expect(parse(text)).toMatchObject({ ok: false });
  });

  test('parseOncallCommand hands cover, override and overrides over, before schedule names', () => {
    expect(parseOncallCommand('overrides', { command: '/oncall', schedules: ['primary'] })).toEqual({
      ok: true,
      command: { kind: 'overrides', schedule: null },
    });
    expect(
      parseOncallCommand(`cover ${BOB} tonight primary/secondary`, {
        command: '/oncall',
        schedules: ['primary'],
        layers: { primary: ['primary', 'secondary'] },
      }),
    ).toMatchObject({ ok: true, command: { kind: 'cover', schedule: 'primary', layer: 'secondary' } });
    expect(parseOncallCommand('primary', { command: '/oncall', schedules: ['primary'] })).toEqual({
      ok: true,
      command: { schedule: 'primary', atText: null },
    });
  });
});

describe('resolveOverrideWindow: read in the author’s zone, DST-correct', () => {
  const span = (text: { from: Date; to: Date } | string) => {
    if (typeof text === 'string') throw new Error(text);
    return [text.from.toISOString(), text.to.toISOString(), (text.to.getTime() - text.from.getTime()) / 3_600_000];
  };
  const range = (from: string, to: string) => ({ kind: 'range' as const, from, to });

  test.each([
    // Tonight: today 18:00 → tomorrow 09:00, 15 h; 14 h when the clocks spring forward that night, 16 h when they fall back.
    ['2026-12-03T12:00:00Z', 'America/Chicago', ['2026-12-04T00:00:00.000Z', '2026-12-04T15:00:00.000Z', 15]],
    ['2026-03-07T12:00:00Z', 'America/Chicago', ['2026-03-08T00:00:00.000Z', '2026-03-08T14:00:00.000Z', 14]],
    ['2026-10-31T12:00:00Z', 'America/Chicago', ['2026-10-31T23:00:00.000Z', '2026-11-01T15:00:00.000Z', 16]],
    ['2026-03-28T12:00:00Z', 'Europe/Berlin', ['2026-03-28T17:00:00.000Z', '2026-03-29T07:00:00.000Z', 14]],
    // Already past 18:00: from now. Before 09:00 (02:00 local): the night ahead, not the one ending.
    ['2026-12-04T02:00:00Z', 'America/Chicago', ['2026-12-04T02:00:00.000Z', '2026-12-04T15:00:00.000Z', 13]],
    ['2026-12-04T01:00:00Z', 'Europe/Berlin', ['2026-12-04T17:00:00.000Z', '2026-12-05T08:00:00.000Z', 15]],
  ])('tonight at %s in %s', (now, zone, expected) => {
    expect(span(resolveOverrideWindow({ kind: 'tonight' }, zone, new Date(now)))).toEqual(expected);
  });

  test.each([
    // Thursday 2026-12-03 12:00 Chicago. "Fri 18:00" is tomorrow; "Mon 09:00" the Monday after it.
    [range('Fri 18:00', 'Mon 09:00'), ['2026-12-05T00:00:00.000Z', '2026-12-07T15:00:00.000Z', 63]],
    // Today's weekday is today, even when that time has passed; a bare time is today; an end is after the start.
    [range('thursday 08:00', '14:00'), ['2026-12-03T14:00:00.000Z', '2026-12-03T20:00:00.000Z', 6]],
    [range('22:00', '06:00'), ['2026-12-04T04:00:00.000Z', '2026-12-04T12:00:00.000Z', 8]],
    [range(' Fri  18:00 ', ' 19:30'), ['2026-12-05T00:00:00.000Z', '2026-12-05T01:30:00.000Z', 1.5]],
    [range('2026-12-05 18:00', '2026-12-06 09:00'), ['2026-12-06T00:00:00.000Z', '2026-12-06T15:00:00.000Z', 15]],
    [range('2026-12-05T18:00Z', 'Sun 09:00'), ['2026-12-05T18:00:00.000Z', '2026-12-06T15:00:00.000Z', 21]],
    [range('2026-12-04 09:00', '2027-01-04 09:00'), ['2026-12-04T15:00:00.000Z', '2027-01-04T15:00:00.000Z', 31 * 24]],
  ])('%o', (window, expected) => {
    expect(span(resolveOverrideWindow(window, 'America/Chicago', new Date('2026-12-03T18:00:00Z')))).toEqual(expected);
  });

  test.each([
    [range('soon', '09:00'), '"soon" is not a time I can read.'],
    [range('18:00', 'Funday 09:00'), '"Funday 09:00" is not a time I can read.'],
    [range('25:00', '09:00'), '"25:00" is not a time I can read.'],
    [range('2026-12-06 09:00', '2026-12-05 18:00'), 'The end must be after the start.'],
    [range('2026-12-01 09:00', '2026-12-02 18:00'), 'That window is over already.'],
    [range('2026-12-03 10:00', '2026-12-03 12:00'), 'That window is over already.'], // ends exactly now
    [range('2026-12-05 18:00', '2026-12-05 18:00'), 'The end must be after the start.'],
    [range('1 18:00', '19:00'), '"1 18:00" is not a time I can read.'],
    [range('18:00:30', '19:00'), '"18:00:30" is not a time I can read.'],
    [range('18:00 tomorrow', '19:00'), '"18:00 tomorrow" is not a time I can read.'],
    [
      range('2026-12-04 09:00', '2027-01-04 09:01'),
      'An override lasts at most 31 days; for longer, change the rotation in the policy file.',
    ],
  ])('%o → %s', (window, message) => {
    expect(resolveOverrideWindow(window, 'America/Chicago', new Date('2026-12-03T18:00:00Z'))).toBe(message);
  });
});
