/**
 * Targets resolve when they fire, not when they were configured: `schedule:` is whoever is on call at
 * that instant, `usergroup:` its members then, `channel:` a post there.
 * Two halves, so a timer never calls Slack inside its transaction: `loadGroups` asks Slack for the
 * user groups' members (before any transaction), and `resolveTargets` is pure.
 */
import type { PolicyConfig } from '../config/policy';
import type { Target } from '../config/targets';
import { formatTarget } from '../config/targets';
import { splitScheduleTarget } from '../config/schedules';
import type { Deps } from '../deps';
import { SlackCallError } from '../slack/gateway';
import { whoIsOnCall } from '../schedules/rotation';

/** A user group's members, or why Slack would not say (a group that is gone reaches nobody). */
export type GroupLookup = { members: string[] } | { error: string };

export interface ResolvedTargets {
  users: string[];
  channels: string[];
  /** Targets that reached nobody, described for the channel ("schedule:primary (nobody on call)"). */
  empty: string[];
}

/**
 * Members of every user group among `targets`, from Slack (cached briefly by the directory). A group
 * Slack says is gone is recorded as such; a passing Slack failure throws, and the timer is retried.
 */
export async function loadGroups(deps: Pick<Deps, 'directory'>, targets: Target[]): Promise<Record<string, GroupLookup>> {
  const groups: Record<string, GroupLookup> = {};
  for (const target of targets) {
    if (target.kind !== 'usergroup' || groups[target.id]) continue;
    try {
      groups[target.id] = { members: await deps.directory.usergroupMembers(target.id) };
    } catch (error) {
      if (error instanceof SlackCallError && !error.retryable) groups[target.id] = { error: error.slackError };
      else throw error;
    }
  }
  return groups;
}

/** Who `targets` reach at `at`. Pure: group members come from `loadGroups`. */
export function resolveTargets(
  targets: Target[],
  known: { schedules: PolicyConfig['schedules']; groups: Record<string, GroupLookup> },
  at: Date,
): ResolvedTargets {
  const users = new Set<string>();
  const channels = new Set<string>();
  const empty: string[] = [];
  for (const target of targets) {
    switch (target.kind) {
      case 'user':
        users.add(target.id);
        break;
      case 'channel':
        channels.add(target.id);
        break;
      case 'schedule': {
        const { schedule, layer } = splitScheduleTarget(target.name);
        const spec = known.schedules[schedule];
        const who = spec ? whoIsOnCall(spec, at, layer) : null;
        if (who) users.add(who);
        else empty.push(`${formatTarget(target)} (nobody on call)`);
        break;
      }
      case 'usergroup': {
        const group = known.groups[target.id];
        if (!group) throw new Error(`user group ${target.id} was not loaded`);
        if ('error' in group) empty.push(`${formatTarget(target)} (${group.error})`);
        else if (group.members.length) group.members.forEach((m) => users.add(m));
        else empty.push(`${formatTarget(target)} (no members)`);
        break;
      }
    }
  }
  return { users: [...users], channels: [...channels], empty };
}
