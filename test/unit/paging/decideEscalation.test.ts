/**
 * What an escalation timer does (src/paging/decideEscalation.ts), beyond the walk through the example
 * policy in test/unit/outbox/timerDecisions.test.ts: which targets a page can reach (what the timer must
 * look up in Slack first), steps that reach only a channel, stale timers, and a walk that runs out while
 * skipping steps that reach nobody.
 */
import { DEFAULT_ACK_TIMEOUT_MS, type PolicyConfig } from '../../../src/config/policy';
import {
  decideEscalation,
  groupsToLookUp,
  targetsOfStep,
  unknownGroups,
  type EscalationInput,
  type PageState,
} from '../../../src/paging/decideEscalation';
import { AD_HOC_LEVEL } from '../../../src/paging/escalationSteps';
import { fixturePolicy } from '../../fixtures/policy';
import { withStoredOverrides } from '../../../src/schedules/storedOverrides';

const config: PolicyConfig = fixturePolicy();
const critical = config.escalationPolicies.critical;
// 2026-03-04 is a Wednesday: primary on call U0CCC, secondary U0AAA.
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

const notify = (level: number, cycle = 0): EscalationInput['payload'] => ({
  pageId: 7,
  action: 'notify',
  step: { level, cycle },
});
const advance = (level: number, cycle = 0): EscalationInput['payload'] => ({
  pageId: 7,
  action: 'advance',
  from: { level, cycle },
});

describe('groupsToLookUp: the user groups the timer looks up first, only those of the steps it reaches', () => {
  const ask = (over: Partial<EscalationInput>) =>
    groupsToLookUp({ payload: notify(0), page: page(), groups: {}, ...over }, config, NOW);

  test('a level of schedules only needs no group, whatever later levels hold', () => {
    expect(ask({})).toEqual([]);
    expect(ask({ payload: advance(0), page: page({ level: 0 }) })).toEqual([]);
  });

  test('the level being fired names its groups (each once); once known, nothing more', () => {
    expect(ask({ payload: advance(1), page: page({ level: 1 }) })).toEqual(['S0SRE']);
    expect(ask({ payload: advance(1), page: page({ level: 1 }), groups: SRE })).toEqual([]);
    const typed = [
      { kind: 'usergroup' as const, id: 'S0DBA' },
      { kind: 'user' as const, id: 'U0BOB' },
      { kind: 'usergroup' as const, id: 'S0DBA' },
      { kind: 'usergroup' as const, id: 'S0NET' },
    ];
    expect(ask({ payload: notify(AD_HOC_LEVEL), page: page({ level: AD_HOC_LEVEL, adHocTargets: typed }) })).toEqual([
      'S0DBA',
      'S0NET',
    ]);
  });

  test("a later step's groups are named only once every step before it reaches nobody", () => {
    const adHoc = page({ level: AD_HOC_LEVEL, policy: null, adHocTargets: [{ kind: 'usergroup', id: 'S0DBA' }] });
    expect(ask({ payload: notify(AD_HOC_LEVEL), page: adHoc })).toEqual(['S0DBA']);
    // Before the rotation starts nobody is on call: levels 1 and 2 (but the manager) reach nobody.
    const early = new Date('2025-12-01T15:00:00Z');
    const input = { payload: notify(0), page: page(), groups: {} };
    expect(groupsToLookUp(input, config, early)).toEqual([]);
    const noManager = structuredClone(config);
    noManager.escalationPolicies.critical.levels[1].notify = [{ kind: 'schedule', name: 'secondary' }];
    expect(groupsToLookUp(input, noManager, early)).toEqual(['S0SRE']);
    expect(groupsToLookUp({ ...input, groups: { S0SRE: { error: 'http_503' } } }, noManager, early)).toEqual([]);
  });

  test('a page that is gone, closed or stale needs nothing', () => {
    expect(ask({ page: null })).toEqual([]);
    expect(ask({ page: page({ state: 'acknowledged' }) })).toEqual([]);
    expect(ask({ payload: advance(1), page: page({ level: 0 }) })).toEqual([]);
  });
});

describe('unknownGroups', () => {
  test('the groups among the targets not known yet, each once; a failed lookup is known', () => {
    const targets = [
      { kind: 'usergroup' as const, id: 'S0A' },
      { kind: 'usergroup' as const, id: 'S0B' },
      { kind: 'usergroup' as const, id: 'S0A' },
      { kind: 'user' as const, id: 'S0C' },
    ];
    expect(unknownGroups(targets, {})).toEqual(['S0A', 'S0B']);
    expect(unknownGroups(targets, { S0A: { error: 'http_503' } })).toEqual(['S0B']);
  });
});

describe('targetsOfStep', () => {
  test('the ad-hoc level is the typed targets; a page with none has nobody there', () => {
    expect(targetsOfStep({ level: AD_HOC_LEVEL, cycle: 0 }, { adHocTargets: null }, critical)).toEqual([]);
  });

  test('a level the policy no longer has, or no policy at all, reaches nobody', () => {
    expect(targetsOfStep({ level: 5, cycle: 0 }, { adHocTargets: null }, critical)).toEqual([]);
    expect(targetsOfStep({ level: 0, cycle: 0 }, { adHocTargets: null }, null)).toEqual([]);
  });
});

describe('decideEscalation', () => {
  test('schedule targets resolve on the schedules it is given (with overrides from Slack), else the policy’s', () => {
    const input = { payload: notify(0), page: page(), groups: SRE };
    const covered = withStoredOverrides(config.schedules, [
      {
        id: 1,
        schedule: 'primary',
        layer: 'primary',
        userId: 'U0BOB',
        coversUserId: 'U0CCC',
        startsAt: new Date('2026-03-04T12:00:00Z'),
        endsAt: new Date('2026-03-04T18:00:00Z'),
        createdBy: 'U0CCC',
        createdAt: new Date('2026-03-04T11:00:00Z'),
      },
    ]);
    expect(decideEscalation({ ...input, schedules: covered }, config, NOW)).toMatchObject({
      kind: 'notify',
      reached: { users: ['U0BOB'] },
    });
    expect(decideEscalation(input, config, NOW)).toMatchObject({ kind: 'notify', reached: { users: ['U0CCC'] } });
  });

  test("a level's group whose lookup failed is a target that reached nobody: the others are paged", () => {
    const d = decideEscalation(
      {
        payload: notify(AD_HOC_LEVEL),
        page: page({
          level: AD_HOC_LEVEL,
          adHocTargets: [
            { kind: 'usergroup', id: 'S0DBA' },
            { kind: 'user', id: 'U0BOB' },
          ],
        }),
        groups: { S0DBA: { error: 'Slack did not say who is in it: http_503' } },
      },
      config,
      NOW,
    );
    expect(d).toMatchObject({
      kind: 'notify',
      step: { level: AD_HOC_LEVEL, cycle: 0 },
      reached: { users: ['U0BOB'], empty: ['usergroup:S0DBA (Slack did not say who is in it: http_503)'] },
    });
  });

  test('a group nobody looked up decides anyway: it reached nobody, and says so', () => {
    const d = decideEscalation({ payload: advance(1), page: page({ level: 1 }), groups: {} }, config, NOW);
    expect(d).toMatchObject({
      kind: 'notify',
      step: { level: 0, cycle: 1 },
      skipped: [{ step: { level: 2, cycle: 0 }, empty: ['usergroup:S0SRE (its members were not looked up)'] }],
    });
  });

  test('a step that reaches only a channel is paged, not skipped', () => {
    const d = decideEscalation(
      {
        payload: notify(AD_HOC_LEVEL),
        page: page({ level: AD_HOC_LEVEL, adHocTargets: [{ kind: 'channel', id: 'C0OPS' }] }),
        groups: SRE,
      },
      config,
      NOW,
    );
    expect(d).toMatchObject({ kind: 'notify', skipped: [], reached: { users: [], channels: ['C0OPS'] } });
  });

  test('an advance armed for another repeat of the same level is stale', () => {
    const d = decideEscalation(
      { payload: advance(0, 0), page: page({ level: 0, cycle: 1 }), groups: SRE },
      config,
      NOW,
    );
    expect(d.kind).toBe('nothing');
  });

  test('an ad-hoc page without a policy waits the default ack timeout', () => {
    const d = decideEscalation(
      {
        payload: notify(AD_HOC_LEVEL),
        page: page({ level: AD_HOC_LEVEL, policy: null, adHocTargets: [{ kind: 'user', id: 'U0BOB' }] }),
        groups: {},
      },
      config,
      NOW,
    );
    expect(d.kind === 'notify' && d.nextAt.getTime() - NOW.getTime()).toBe(DEFAULT_ACK_TIMEOUT_MS);
  });

  test('the last steps reach nobody: the page is exhausted, listing each step skipped on the way', () => {
    // Repeat 1, level 2 is the user group, and Slack says it is gone.
    const d = decideEscalation(
      { payload: advance(1, 1), page: page({ level: 1, cycle: 1 }), groups: { S0SRE: { error: 'no_such_subteam' } } },
      config,
      NOW,
    );
    expect(d).toEqual({
      kind: 'exhausted',
      page: page({ level: 1, cycle: 1 }),
      skipped: [{ step: { level: 2, cycle: 1 }, empty: ['usergroup:S0SRE (no_such_subteam)'] }],
    });
  });

  test('an ad-hoc page whose typed group has no members and no policy to fall back on is exhausted at once', () => {
    const d = decideEscalation(
      {
        payload: notify(AD_HOC_LEVEL),
        page: page({ level: AD_HOC_LEVEL, policy: null, adHocTargets: [{ kind: 'usergroup', id: 'S0EMPTY' }] }),
        groups: { S0EMPTY: { members: [] } },
      },
      config,
      NOW,
    );
    expect(d).toMatchObject({
      kind: 'exhausted',
      skipped: [{ step: { level: AD_HOC_LEVEL, cycle: 0 }, empty: ['usergroup:S0EMPTY (no members)'] }],
    });
  });
});
