/**
 * Looking up a page's user groups before its timer decides (src/paging/stepGroups.ts): only the groups
 * of the steps the walk reaches, in order, and each failed lookup kept as that group's reason.
 */
import type { PolicyConfig } from '../../../src/config/policy';
import type { Target } from '../../../src/config/targets';
import { createLogger } from '../../../src/common/logger';
import type { SlackDirectory } from '../../../src/slack/directory';
import { SlackCallError } from '../../../src/slack/gateway';
import type { PageState } from '../../../src/paging/decideEscalation';
import { loadStepGroups } from '../../../src/paging/stepGroups';
import { fixturePolicy } from '../../fixtures/policy';

// Before the rotation starts nobody is on call: a schedule-only level reaches nobody.
const EARLY = new Date('2025-12-01T15:00:00Z');
const NOW = new Date('2026-03-04T15:00:00Z');

function configWith(...levels: Target[][]): PolicyConfig {
  const config = fixturePolicy();
  config.escalationPolicies.critical.levels = levels.map((notify) => ({ notify, ackTimeoutMs: 300_000 }));
  return config;
}

const page: PageState = {
  id: 7,
  owner: { kind: 'incident', incidentId: 3 },
  state: 'open',
  level: 0,
  cycle: 0,
  message: 'Payments down',
  createdAt: NOW,
  adHocTargets: null,
  policy: 'critical',
  ownerOpen: true,
  ownerPrivate: false,
  ownerChannelPrivate: false,
  urgency: 'high',
};

/** A directory whose lookups answer from `answers` (an Error is thrown), recording what was asked. */
function directory(answers: Record<string, string[] | Error>) {
  const asked: string[] = [];
  const dir = {
    usergroupMembers: async (id: string) => {
      asked.push(id);
      const answer = answers[id];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as SlackDirectory;
  return { asked, deps: { directory: dir, log: createLogger('silent') } };
}

const load = (deps: ReturnType<typeof directory>['deps'], config: PolicyConfig, now: Date) =>
  loadStepGroups(
    deps,
    { payload: { pageId: 7, action: 'notify', step: { level: 0, cycle: 0 } }, page },
    config,
    now,
    {},
  );

describe('loadStepGroups', () => {
  const config = configWith(
    [{ kind: 'schedule', name: 'primary' }],
    [{ kind: 'usergroup', id: 'S0DBA' }],
    [
      { kind: 'usergroup', id: 'S0NET' },
      { kind: 'usergroup', id: 'S0SRE' },
    ],
  );

  test('a level someone is on call for asks Slack about no group of a later level', async () => {
    const { asked, deps } = directory({});
    expect(await load(deps, config, NOW)).toEqual({});
    expect(asked).toEqual([]);
  });

  test('a level that reaches nobody leads on to the next one’s groups, each failure kept with its reason', async () => {
    const { asked, deps } = directory({
      S0DBA: new SlackCallError('usergroups.users.list', 'http_503', 5_000),
      S0NET: new SlackCallError('usergroups.users.list', 'no_such_subteam'),
      S0SRE: ['U0SRE1'],
    });
    expect(await load(deps, config, EARLY)).toEqual({
      S0DBA: { error: 'Slack did not say who is in it: http_503' },
      S0NET: { error: 'no_such_subteam' },
      S0SRE: { members: ['U0SRE1'] },
    });
    expect(asked).toEqual(['S0DBA', 'S0NET', 'S0SRE']);
  });

  test('a lookup that fails with something other than Slack’s answer is kept with its message', async () => {
    const { deps } = directory({ S0DBA: new Error('socket hang up'), S0NET: [], S0SRE: ['U0SRE1'] });
    expect((await load(deps, config, EARLY)).S0DBA).toEqual({
      error: 'Slack did not say who is in it: socket hang up',
    });
  });
});
