/** `/oncall [<schedule>] [at <time>]`: what the command asks for, and what it answers when it cannot tell. */
import {
  describeOncall,
  oncallTimeHelp,
  parseOncallCommand,
  parseOncallTime,
} from '../../../src/schedules/parseOncallCommand';
import { A, B, C, DAY_SHIFT, schedule } from '../../support/schedules/build';

const ctx = { command: '/oncall', schedules: ['primary', 'nights'] };
const USAGE =
  'Usage: `/oncall`, `/oncall <schedule>` or `/oncall <schedule> at "2026-03-08 09:00"`; overrides: ' +
  '`/oncall cover @bob tonight`, `/oncall override <schedule> @me from "Fri 18:00" to "Mon 09:00"`, `/oncall overrides`; swaps: `/oncall swap [schedule] [next|<date>]`. ' +
  'Schedules: `primary`, `nights`.';

describe('/oncall: which schedule, at what time', () => {
  test.each([
    ['', null, null],
    ['   ', null, null],
    ['primary', 'primary', null],
    ['nights  ', 'nights', null],
    ['primary at 2026-03-08', 'primary', '2026-03-08'],
    ['primary AT "2026-03-08 09:00"', 'primary', '2026-03-08 09:00'],
    ['primary at \u201c2026-03-08 09:00\u201d', 'primary', '2026-03-08 09:00'],
    ["primary at ' 2026-03-08 09:00 '", 'primary', '2026-03-08 09:00'],
    ['at 2026-03-08T09:00-06:00', null, '2026-03-08T09:00-06:00'],
    ['At   tomorrow\nnoon', null, 'tomorrow\nnoon'],
    // A quote on one side only is part of the text, not a quoted time.
    ['at "2026-03-08', null, '"2026-03-08'],
  ])('%j', (text, schedule, atText) => {
    expect(parseOncallCommand(text, ctx)).toEqual({ ok: true, command: { schedule, atText } });
  });

  test.each(['me', 'ME', '  Me  ', 'me\n'])("%j asks for the asker's own contact methods", (text) => {
    expect(parseOncallCommand(text, ctx)).toEqual({ ok: true, command: { me: true } });
    // Whatever schedules there are, even none, or one named "me".
    expect(parseOncallCommand(text, { command: '/oncall', schedules: [] })).toEqual({
      ok: true,
      command: { me: true },
    });
    expect(parseOncallCommand(text, { command: '/oncall', schedules: ['me'] })).toEqual({
      ok: true,
      command: { me: true },
    });
  });

  it('reads "me" only as the whole command', () => {
    expect(parseOncallCommand('me at 09:00', ctx)).toEqual({
      ok: false,
      error: `There is no schedule "me".\n${USAGE}`,
    });
    expect(parseOncallCommand('meme', ctx)).toEqual({ ok: false, error: `There is no schedule "meme".\n${USAGE}` });
    expect(parseOncallCommand('at me', ctx)).toEqual({ ok: true, command: { schedule: null, atText: 'me' } });
    expect(parseOncallCommand('primary me', ctx)).toMatchObject({ ok: false, error: expect.stringContaining('"me"') });
  });

  test.each(['help', '-h', '--HELP'])('%j shows the usage, naming the schedules', (text) => {
    expect(parseOncallCommand(text, ctx)).toEqual({ ok: false, error: USAGE });
  });

  it('says when no schedule is configured', () => {
    expect(parseOncallCommand('help', { command: '/oncall', schedules: [] })).toEqual({
      ok: false,
      error:
        'Usage: `/oncall`, `/oncall <schedule>` or `/oncall <schedule> at "2026-03-08 09:00"`; overrides: ' +
        '`/oncall cover @bob tonight`, `/oncall override <schedule> @me from "Fri 18:00" to "Mon 09:00"`, `/oncall overrides`; swaps: `/oncall swap [schedule] [next|<date>]`. ' +
        'Schedules: none are configured.',
    });
  });

  it('names an unknown schedule, escaped, with the usage', () => {
    expect(parseOncallCommand('&lt;!channel&gt; at 09:00', ctx)).toEqual({
      ok: false,
      error: `There is no schedule "&lt;!channel&gt;".\n${USAGE}`,
    });
  });

  it('says what it did not understand after the schedule name', () => {
    expect(parseOncallCommand('primary tomorrow', ctx)).toEqual({
      ok: false,
      error: `I didn't understand "tomorrow" after the schedule name.\n${USAGE}`,
    });
    expect(parseOncallCommand('primary attic', ctx)).toMatchObject({
      ok: false,
      error: expect.stringContaining('"attic"'),
    });
  });

  test.each([
    ['primary at', 'primary'],
    ['primary at   ', 'primary'],
    ['primary at ""', 'primary'],
    ['at', 'primary'],
  ])('%j asks for the time, with the forms it can take', (text, example) => {
    expect(parseOncallCommand(text, ctx)).toEqual({
      ok: false,
      error: `Say when after "at".\n${oncallTimeHelp('/oncall', example)}`,
    });
  });

  it('shows each form of time with the command and a schedule', () => {
    expect(oncallTimeHelp('/oncall', 'nights')).toBe(
      [
        'Write the time as one of:',
        '• `/oncall nights at "2026-03-08 09:00"` (your time zone; quotes optional)',
        '• `/oncall nights at 2026-03-08` (midnight, your time zone)',
        '• `/oncall nights at 2026-03-08T09:00-06:00` (an exact instant: Z or an offset like +01:00)',
      ].join('\n'),
    );
  });

  it('reads a wall time in the asking person’s zone, and an exact instant as it is', () => {
    expect(parseOncallTime('2026-03-08 09:00', 'America/Chicago')?.toISOString()).toBe('2026-03-08T14:00:00.000Z');
    expect(parseOncallTime('2026-03-08T09:00+01:00', 'America/Chicago')?.toISOString()).toBe(
      '2026-03-08T08:00:00.000Z',
    );
    expect(parseOncallTime('teatime', 'America/Chicago')).toBeNull();
  });
});

describe('what /oncall shows for a schedule', () => {
  it('every layer’s shift at that instant, then the next primary handoffs', () => {
    const spec = schedule({
      timezone: 'UTC',
      shift: DAY_SHIFT,
      handoff: '09:00',
      members: [A, B, C],
      start: '2026-03-01',
      layers: { secondary: { kind: 'offset', offset: 1 } },
    });
    const answer = describeOncall(spec, new Date('2026-03-02T10:00:00Z'), 2);
    expect(answer.schedule).toBe(spec);
    expect(answer.layers.map((l) => [l.layer, l.shift?.user, l.shift?.start.toISOString()])).toEqual([
      ['primary', B, '2026-03-02T09:00:00.000Z'],
      ['secondary', C, '2026-03-02T09:00:00.000Z'],
    ]);
    expect(answer.handoffs.map((h) => [h.at.toISOString(), h.outgoing, h.incoming])).toEqual([
      ['2026-03-03T09:00:00.000Z', B, C],
      ['2026-03-04T09:00:00.000Z', C, A],
    ]);
  });
});

describe('/oncall: edge cases of the words', () => {
  test.each([
    // Quotes count only around the whole time; elsewhere they are part of the text.
    ['primary at tomorrow "noon"', 'primary', 'tomorrow "noon"'],
    ['at "noon" tomorrow', null, '"noon" tomorrow'],
  ])('%j', (text, schedule, atText) => {
    expect(parseOncallCommand(text, ctx)).toEqual({ ok: true, command: { schedule, atText } });
  });

  // "help" is the whole text, not part of a word or followed by more.
  test.each([
    ['helpdesk', `There is no schedule "helpdesk".\n${USAGE}`],
    ['self-help', `There is no schedule "self-help".\n${USAGE}`],
    ['primary -h', `I didn't understand "-h" after the schedule name.\n${USAGE}`],
    // "at" must be the word right after the schedule.
    ['primary that 09:00', `I didn't understand "that 09:00" after the schedule name.\n${USAGE}`],
  ])('%j', (text, error) => {
    expect(parseOncallCommand(text, ctx)).toEqual({ ok: false, error });
  });

  test.each([
    // The example in the time help is the first configured schedule, or "primary" when there is none.
    [['nights', 'primary'], 'nights'],
    [[], 'primary'],
  ])('"at" alone with schedules %j shows the forms for %j', (schedules, example) => {
    expect(parseOncallCommand('at', { command: '/oncall', schedules })).toEqual({
      ok: false,
      error: `Say when after "at".\n${oncallTimeHelp('/oncall', example)}`,
    });
  });
});
