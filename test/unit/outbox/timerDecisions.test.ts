/**
 * The timers' decide steps: pure functions of what was loaded, the policy and `now` (no database, no
 * Slack, no clock), so each rule is checked here with literal dates.
 */
import { decideEscalation, type EscalationInput, type PageState } from '../../../src/paging/decideEscalation';
import { decideCadenceTimer, type CadenceTimerInput } from '../../../src/incidents/reminders/cadenceTimer';
import { decideNotice, type NoticeInput } from '../../../src/incidents/reminders/stakeholderNotice';
import { decideHandoff, type HandoffInput } from '../../../src/schedules/handoffTimer';
import { parsePolicy, type PolicyConfig } from '../../../src/config/policy';
import { fixturePolicy } from '../../fixtures/policy';

const config = fixturePolicy();
// 2026-03-04 is a Wednesday: primary on call U0CCC, secondary U0AAA (week 9 of the rotation).
const NOW = new Date('2026-03-04T15:00:00Z');
const SRE = { S0SRE: { members: ['U0SRE1', 'U0SRE2'] } };

function page(over: Partial<PageState> = {}): PageState {
  return {
    id: 7,
    owner: { kind: 'incident', incidentId: 3 },
    state: 'open',
    level: 0,
    cycle: 0,
    message: 'Payments down',
    createdAt: new Date('2026-03-04T14:50:00Z'),
    adHocTargets: null,
    policy: 'critical',
    ownerOpen: true,
    ownerPrivate: false,
    ownerChannelPrivate: false,
    urgency: 'high',
    ...over,
  };
}

function escalation(over: Partial<EscalationInput>): EscalationInput {
  return { payload: { pageId: 7, action: 'notify', step: { level: 0, cycle: 0 } }, page: page(), groups: SRE, ...over };
}

describe('decideEscalation', () => {
  it("notify: pages whoever is on call now, and waits the level's ack timeout", () => {
    const d = decideEscalation(escalation({}), config, NOW);
    expect(d).toMatchObject({
      kind: 'notify',
      step: { level: 0, cycle: 0 },
      reached: { users: ['U0CCC'], channels: [] },
      skipped: [],
    });
    expect(d.kind === 'notify' && d.nextAt.toISOString()).toBe('2026-03-04T15:05:00.000Z');
  });

  it('advance: moves to the next level, resolving a user group from the loaded members', () => {
    const d = decideEscalation(
      escalation({ payload: { pageId: 7, action: 'advance', from: { level: 1, cycle: 0 } }, page: page({ level: 1 }) }),
      config,
      NOW,
    );
    expect(d).toMatchObject({ kind: 'notify', step: { level: 2, cycle: 0 }, reached: { users: ['U0SRE1', 'U0SRE2'] } });
  });

  it('a stale advance (the page moved on, e.g. Escalate was pressed) does nothing', () => {
    const d = decideEscalation(
      escalation({ payload: { pageId: 7, action: 'advance', from: { level: 0, cycle: 0 } }, page: page({ level: 1 }) }),
      config,
      NOW,
    );
    expect(d).toEqual({ kind: 'nothing', why: 'page moved on' });
  });

  it('an acknowledged page, or one whose incident closed, is left alone', () => {
    expect(decideEscalation(escalation({ page: page({ state: 'acknowledged' }) }), config, NOW).kind).toBe('nothing');
    expect(decideEscalation(escalation({ page: page({ ownerOpen: false }) }), config, NOW).kind).toBe('nothing');
    expect(decideEscalation(escalation({ page: null }), config, NOW).kind).toBe('nothing');
  });

  it("an alert group's page whose group no longer fires is left alone", () => {
    expect(
      decideEscalation(
        escalation({ page: page({ owner: { kind: 'alert', groupId: 4 }, ownerOpen: false }) }),
        config,
        NOW,
      ).kind,
    ).toBe('nothing');
  });

  it('a level that reaches nobody is skipped at once, with the reason, and the next one is paged', () => {
    const d = decideEscalation(
      escalation({
        payload: { pageId: 7, action: 'advance', from: { level: 1, cycle: 0 } },
        page: page({ level: 1 }),
        groups: { S0SRE: { error: 'no_such_subteam' } },
      }),
      config,
      NOW,
    );
    // Level 3 (the group) reaches nobody → repeat 1 starts at level 1.
    expect(d).toMatchObject({
      kind: 'notify',
      step: { level: 0, cycle: 1 },
      skipped: [{ step: { level: 2, cycle: 0 }, empty: ['usergroup:S0SRE (no_such_subteam)'] }],
    });
  });

  it('past the last level and every repeat, the page is exhausted', () => {
    const d = decideEscalation(
      escalation({
        payload: { pageId: 7, action: 'advance', from: { level: 2, cycle: 1 } },
        page: page({ level: 2, cycle: 1 }),
      }),
      config,
      NOW,
    );
    expect(d).toMatchObject({ kind: 'exhausted', skipped: [] });
  });

  it('before a schedule starts nobody is on call: that level is skipped, not paged to nobody', () => {
    const early = new Date('2025-12-01T12:00:00Z');
    const d = decideEscalation(escalation({}), config, early);
    expect(d).toMatchObject({
      kind: 'notify',
      step: { level: 1 },
      reached: { users: ['U0MANAGER'], empty: ['schedule:secondary (nobody on call)'] },
    });
    expect(d.kind === 'notify' && d.skipped).toEqual([
      { step: { level: 0, cycle: 0 }, empty: ['schedule:primary (nobody on call)'] },
    ]);
  });

  it('an ad-hoc page notifies the people typed, then falls through to the policy', () => {
    const adHoc = page({ level: -1, adHocTargets: [{ kind: 'user', id: 'U0BOB' }] });
    expect(
      decideEscalation(
        escalation({ payload: { pageId: 7, action: 'notify', step: { level: -1, cycle: 0 } }, page: adHoc }),
        config,
        NOW,
      ),
    ).toMatchObject({
      kind: 'notify',
      reached: { users: ['U0BOB'] },
    });
    expect(
      decideEscalation(
        escalation({ payload: { pageId: 7, action: 'advance', from: { level: -1, cycle: 0 } }, page: adHoc }),
        config,
        NOW,
      ),
    ).toMatchObject({
      kind: 'notify',
      step: { level: 0, cycle: 0 },
      reached: { users: ['U0CCC'] },
    });
  });
});

describe('decideCadenceTimer', () => {
  const incident = {
    id: 3,
    state: 'open',
    severity: 'SEV1',
    declaredAt: new Date('2026-03-04T14:30:00Z'),
    lastUpdateAt: null,
    missedUpdates: 0,
    roles: { ic: 'U0ALICE', comms: 'U0CAROL' },
    reporterId: 'U0ALICE',
  };
  const input = (
    over: Partial<CadenceTimerInput['incident']> = {},
    dueAt = new Date('2026-03-04T14:45:00Z'),
  ): CadenceTimerInput => ({ dueAt, incident: { ...incident, ...over } });

  it('nudges the Comms Lead in the channel and re-arms one interval on', () => {
    const d = decideCadenceTimer(input({}, NOW), config, NOW);
    expect(d).toMatchObject({ kind: 'remind', missedUpdates: 1, dm: null });
    expect(d.kind === 'remind' && d.channelText).toMatch(
      /^:alarm_clock: <@U0CAROL> no status update for 30m \(SEV1 expects one every 15m\)/,
    );
    expect(d.kind === 'remind' && d.nextAt.toISOString()).toBe('2026-03-04T15:15:00.000Z');
  });

  it('after two unanswered reminders the IC is DMed too', () => {
    const d = decideCadenceTimer(input({ missedUpdates: 2 }, NOW), config, NOW);
    expect(d.kind === 'remind' && d.dm).toMatchObject({ userId: 'U0ALICE' });
  });

  it('a late reminder says so, and the next one is a full interval from now (no burst)', () => {
    const late = new Date('2026-03-04T16:00:00Z');
    const d = decideCadenceTimer(input({}, new Date('2026-03-04T14:45:00Z')), config, late);
    expect(d.kind === 'remind' && d.timelineText).toMatch(/due at 2026-03-04T14:45:00.000Z; fired 1h 15m late/);
    expect(d.kind === 'remind' && d.nextAt.toISOString()).toBe('2026-03-04T16:15:00.000Z');
  });

  it('does nothing for a closed incident or a severity without a cadence', () => {
    expect(decideCadenceTimer(input({ state: 'closed' }), config, NOW).kind).toBe('nothing');
    expect(decideCadenceTimer(input({ severity: 'SEV4' }), config, NOW).kind).toBe('nothing');
  });
});

describe('decideNotice', () => {
  const input: NoticeInput = {
    dueAt: NOW,
    notice: { policy: 'critical', index: 1, afterMs: 30 * 60_000 },
    incident: {
      id: 3,
      state: 'open',
      severity: 'SEV1',
      title: 'Payments <down>',
      status: 'identified',
      declaredAt: new Date('2026-03-04T14:30:00Z'),
      private: false,
    },
    groups: {},
  };

  it('tells the people the policy names that the incident is still open, escaping the title', () => {
    const d = decideNotice(input, config, NOW);
    expect(d).toMatchObject({ kind: 'notify', users: ['U0CTO'], channels: [] });
    expect(d.kind === 'notify' && d.text).toBe(
      ':hourglass: SEV1 incident #3 "Payments &lt;down&gt;" is still unresolved after 30m (status: identified). Follow it in {channel}.',
    );
  });

  it('names a private incident by its number only: no title, severity, status or channel', () => {
    const d = decideNotice({ ...input, incident: { ...input.incident!, private: true } }, config, NOW);
    expect(d).toMatchObject({ kind: 'notify', users: ['U0CTO'], channels: [] });
    expect(d.kind === 'notify' && d.text).toBe(
      ':hourglass: Private incident #3 is still unresolved after 30m. Its channel is private: its members can invite you.',
    );
  });

  it('does nothing once the incident is closed, or when the policy no longer has that notice', () => {
    expect(decideNotice({ ...input, incident: { ...input.incident!, state: 'closed' } }, config, NOW).kind).toBe(
      'nothing',
    );
    expect(decideNotice({ ...input, notice: { ...input.notice, index: 9 } }, config, NOW).kind).toBe('nothing');
  });
});

describe('decideHandoff', () => {
  // Primary hands over Mondays 09:00 Chicago: 2026-03-09 14:00 UTC (CDT starts 03-08), U0CCC → U0AAA.
  const handoffAt = new Date('2026-03-09T14:00:00Z');
  const input = (now: Date, over: Partial<HandoffInput> = {}): HandoffInput => ({
    payload: { schedule: 'primary', from: handoffAt.toISOString() },
    dueAt: handoffAt,
    incidents: [
      {
        id: 1,
        title: 'Open one',
        severity: 'SEV2',
        status: 'investigating',
        state: 'open',
        channelId: 'C1',
        channelName: 'incident-1',
        private: false,
        members: [],
        declaredAt: new Date('2026-03-08T10:00:00Z'),
      },
      {
        id: 2,
        title: 'Closed in the shift',
        severity: 'SEV3',
        status: 'resolved',
        state: 'closed',
        channelId: 'C2',
        channelName: 'incident-2',
        private: false,
        members: [],
        declaredAt: new Date('2026-03-05T10:00:00Z'),
      },
      {
        id: 3,
        title: 'Closed long ago',
        severity: 'SEV3',
        status: 'resolved',
        state: 'closed',
        channelId: 'C3',
        channelName: 'incident-3',
        private: false,
        members: [],
        declaredAt: new Date('2026-02-01T10:00:00Z'),
      },
    ],
    ...over,
  });

  it("announces the handoff to the incoming and outgoing person, with the shift's incidents, and re-arms for the next", () => {
    const d = decideHandoff(input(handoffAt), config, handoffAt);
    expect(d).toMatchObject({
      kind: 'announce',
      handoff: { at: handoffAt, outgoing: 'U0CCC', incoming: 'U0AAA' },
      lateByMs: null,
    });
    if (d.kind !== 'announce') throw new Error('expected an announcement');
    expect(d.posts.map((p) => p.to)).toEqual([
      { kind: 'user', id: 'U0AAA' },
      { kind: 'user', id: 'U0CCC' },
    ]);
    expect(d.posts[0].text).toMatch(/Open one/);
    expect(d.posts[1].text).toMatch(/Closed in the shift/);
    expect(d.posts.some((p) => /Closed long ago/.test(p.text))).toBe(false);
    expect(d.next.dueAt.toISOString()).toBe('2026-03-16T14:00:00.000Z');
  });

  it('lists a private incident only in the DM of one of its members; elsewhere it is a count', () => {
    const secret = {
      id: 4,
      title: 'Secret title',
      severity: 'SEV1',
      status: 'investigating',
      state: 'open',
      channelId: 'C4',
      channelName: 'incident-4',
      private: true,
      members: ['U0AAA'],
      declaredAt: new Date('2026-03-08T11:00:00Z'),
    };
    const withSecret = input(handoffAt);
    withSecret.incidents.push(secret);
    const d = decideHandoff(withSecret, config, handoffAt);
    if (d.kind !== 'announce') throw new Error('expected an announcement');
    const [incoming, outgoing] = d.posts.map((p) => p.text);
    expect(incoming).toContain('Secret title');
    expect(outgoing).not.toContain('Secret title');
    expect(outgoing).not.toContain('#4');
    expect(outgoing).toContain('*Open incidents (2)*');
    expect(outgoing).toContain('• and 1 private incident');
  });

  it('fires late: announces only the latest handoff, marked late', () => {
    const late = new Date('2026-03-16T16:00:00Z'); // slept through the 09th and the 16th
    const d = decideHandoff(input(late), config, late);
    expect(d).toMatchObject({
      kind: 'announce',
      handoff: { at: new Date('2026-03-16T14:00:00Z'), outgoing: 'U0AAA', incoming: 'U0BBB' },
      lateByMs: 2 * 3_600_000,
    });
  });

  it('a schedule removed from the policy stops its timer', () => {
    const without: PolicyConfig = parsePolicy({}, 'defaults');
    expect(decideHandoff(input(handoffAt), without, handoffAt)).toMatchObject({ kind: 'stop' });
  });
});
