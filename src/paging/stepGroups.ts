/**
 * The user groups an escalation timer pages, looked up in Slack before its transaction opens, one step
 * at a time: a step's groups are asked for only once the walk reaches that step (groupsToLookUp), so a
 * group Slack cannot list in a later level never holds up the level being paged. A lookup that fails,
 * whatever the reason, is that group's reason for reaching nobody: the step's other targets are still
 * paged, and a step left with nobody is skipped (the channel is told why).
 */
import type { PolicyConfig } from '../config/policy';
import type { Deps } from '../runtime/deps';
import { SlackCallError } from '../slack/gateway';
import { groupsToLookUp, type EscalationInput } from './decideEscalation';
import type { GroupLookup } from './targets';

export async function loadStepGroups(
  deps: Pick<Deps, 'directory' | 'log'>,
  input: Omit<EscalationInput, 'groups'>,
  config: PolicyConfig,
  now: Date,
  logFields: Record<string, unknown>,
): Promise<Record<string, GroupLookup>> {
  const groups: Record<string, GroupLookup> = {};
  // Ends: every id asked for gets an entry, so each round the walk gets past one more step, and it is finite.
  for (;;) {
    const ids = groupsToLookUp({ ...input, groups }, config, now);
    if (ids.length === 0) return groups;
    for (const id of ids) groups[id] = await lookUpGroup(deps, id, logFields);
  }
}

async function lookUpGroup(
  deps: Pick<Deps, 'directory' | 'log'>,
  groupId: string,
  logFields: Record<string, unknown>,
): Promise<GroupLookup> {
  try {
    return { members: await deps.directory.usergroupMembers(groupId) };
  } catch (error) {
    const code =
      error instanceof SlackCallError ? error.slackError : error instanceof Error ? error.message : String(error);
    deps.log.warn(
      { ...logFields, usergroup: groupId, error: code },
      'user group lookup failed: its members are not paged',
    );
    // Slack saying the group is gone is reason enough; anything else, people must hear it was Slack.
    const gone = error instanceof SlackCallError && !error.retryable;
    return { error: gone ? code : `Slack did not say who is in it: ${code}` };
  }
}
