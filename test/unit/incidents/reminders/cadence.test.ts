import {
  CadenceState,
  decideReminder,
  nextReminderAt,
  reminderDueAt,
} from '../../../../src/incidents/reminders/cadence';

const declaredAt = new Date('2026-01-05T10:00:00Z');
const every = 15 * 60_000;
const at = (iso: string) => new Date(iso);

describe('reminderDueAt', () => {
  test.each([
    [
      'first reminder: 15m after declaring',
      { declaredAt, lastUpdateAt: null, missedUpdates: 0 },
      '2026-01-05T10:15:00.000Z',
    ],
    [
      're-armed after one missed reminder',
      { declaredAt, lastUpdateAt: null, missedUpdates: 1 },
      '2026-01-05T10:30:00.000Z',
    ],
    [
      're-armed after two missed reminders',
      { declaredAt, lastUpdateAt: null, missedUpdates: 2 },
      '2026-01-05T10:45:00.000Z',
    ],
    [
      'an update re-arms from the update',
      { declaredAt, lastUpdateAt: at('2026-01-05T10:07:00Z'), missedUpdates: 0 },
      '2026-01-05T10:22:00.000Z',
    ],
    [
      'missed after an update',
      { declaredAt, lastUpdateAt: at('2026-01-05T10:07:00Z'), missedUpdates: 1 },
      '2026-01-05T10:37:00.000Z',
    ],
  ])('%s', (_name, state, due) => {
    expect(reminderDueAt(state, every).toISOString()).toBe(due);
  });

  test('the cadence length matters (1h)', () => {
    expect(reminderDueAt({ declaredAt, lastUpdateAt: null, missedUpdates: 0 }, 3_600_000).toISOString()).toBe(
      '2026-01-05T11:00:00.000Z',
    );
  });
});

describe('decideReminder', () => {
  const state = (change: Partial<CadenceState>): CadenceState => ({
    declaredAt,
    lastUpdateAt: null,
    missedUpdates: 0,
    roles: {},
    reporterId: 'U0REPORTER',
    ...change,
  });

  test.each([
    ['comms lead first', { comms: 'U0COMMS', ic: 'U0IC' }, 'U0COMMS'],
    ['then the IC', { ic: 'U0IC', tech: 'U0TECH' }, 'U0IC'],
    ['then the reporter', { tech: 'U0TECH', scribe: 'U0SCRIBE' }, 'U0REPORTER'],
  ])('mentions: %s', (_name, roles, mention) => {
    expect(decideReminder(state({ roles }), at('2026-01-05T10:15:00Z')).mention).toBe(mention);
  });

  test.each([
    [0, null],
    [1, null],
    [2, 'U0IC'],
    [5, 'U0IC'],
  ])('with %i reminders already unanswered, DM → %s', (missedUpdates, dm) => {
    const decision = decideReminder(
      state({ missedUpdates, roles: { ic: 'U0IC', comms: 'U0COMMS' } }),
      at('2026-01-05T11:00:00Z'),
    );
    expect(decision.dmUser).toBe(dm);
    expect(decision.missedAfter).toBe(missedUpdates + 1);
  });

  test('no IC: the reporter gets the DM', () => {
    expect(
      decideReminder(state({ missedUpdates: 2, roles: { comms: 'U0COMMS' } }), at('2026-01-05T10:45:00Z')).dmUser,
    ).toBe('U0REPORTER');
  });

  test('minutes since the last update (or the declaration)', () => {
    expect(decideReminder(state({}), at('2026-01-05T10:45:20Z')).minutesSinceUpdate).toBe(45);
    expect(
      decideReminder(state({ lastUpdateAt: at('2026-01-05T10:40:00Z') }), at('2026-01-05T10:55:00Z'))
        .minutesSinceUpdate,
    ).toBe(15);
  });

  test('the story: three reminders in a row, the third also DMs the IC', () => {
    let s = state({ roles: { ic: 'U0IC' } });
    const dms: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const due = reminderDueAt(s, every);
      const decision = decideReminder(s, due);
      dms.push(decision.dmUser);
      expect(decision.minutesSinceUpdate).toBe(15 * (i + 1));
      s = { ...s, missedUpdates: decision.missedAfter };
    }
    expect(dms).toEqual([null, null, 'U0IC']);
  });
});

describe('nextReminderAt after a reminder that fired on time', () => {
  it('keeps the interval from the last reminder, not from when this one ran', () => {
    // The first reminder ran 1 s early (the loop's tick): the next stays on the 10:30 grid, not 10:29:59 + 15m.
    expect(
      nextReminderAt({ declaredAt, lastUpdateAt: null, missedUpdates: 1 }, every, at('2026-01-05T10:14:59Z')),
    ).toEqual(at('2026-01-05T10:30:00Z'));
  });
});
