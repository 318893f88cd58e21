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
import { layerNames } from '../config/scheduleTypes';
import type { Deps } from '../runtime/deps';
import { SlackCallError } from '../slack/gateway';
import { whoIsOnCall } from '../schedules/rotation';

/** A user group's members, or why Slack would not say (a group that is gone reaches nobody). */
export type GroupLookup = { members: string[] } | { error: string };

export interface ResolvedTargets {
  users: string[];
  channels: string[];
  /** PagerDuty services (by name) the step hands the page to. */
  services: string[];
  /** Targets that reached nobody, described for the channel ("schedule:primary (nobody on call)"). */
  empty: string[];
}

/**
 * Members of every user group among `targets`, from Slack (cached briefly by the directory). A group
 * Slack says is gone is recorded as such; a passing Slack failure throws, and the timer is retried.
 */
export async function loadGroups(
  deps: Pick<Deps, 'directory'>,
  targets: Target[],
): Promise<Record<string, GroupLookup>> {
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
  const services = new Set<string>();
  const empty: string[] = [];
  for (const target of targets) {
    // One target that cannot be resolved (a schedule the code cannot read) reaches nobody, with why; the others still do.
    try {
      switch (target.kind) {
        case 'user':
          users.add(target.id);
          break;
        case 'channel':
          channels.add(target.id);
          break;
        case 'pagerduty':
          services.add(target.name);
          break;
        case 'schedule': {
          // Checked when typed, but the policy may have changed since: one bad target never stops the others.
          const { schedule, layer } = splitScheduleTarget(target.name);
          const spec = known.schedules[schedule];
          if (!spec) {
            empty.push(`${formatTarget(target)} (no such schedule in the policy now)`);
            break;
          }
          if (!layerNames(spec).includes(layer)) {
            empty.push(`${formatTarget(target)} (the schedule has no layer "${layer}" now)`);
            break;
          }
          const who = whoIsOnCall(spec, at, layer);
          if (who) users.add(who);
          else empty.push(`${formatTarget(target)} (nobody on call)`);
          break;
        }
        case 'usergroup': {
          const group = known.groups[target.id];
          if (!group) empty.push(`${formatTarget(target)} (its members were not looked up)`);
          else if ('error' in group) empty.push(`${formatTarget(target)} (${group.error})`);
          else if (group.members.length) group.members.forEach((m) => users.add(m));
          else empty.push(`${formatTarget(target)} (no members)`);
          break;
        }
      }
    } catch (error) {
      empty.push(
        `${formatTarget(target)} (could not be resolved: ${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  return { users: [...users], channels: [...channels], services: [...services], empty };
}

/**
 * Before a `/page` is accepted: every person and user group it names exists in Slack (and no person is
 * deactivated). Returns what is wrong, in words for the person who typed it, or null. Slack trouble
 * throws (the command then says so) rather than refusing a page that may be fine.
 */
export async function checkTargetsExist(deps: Pick<Deps, 'directory'>, targets: Target[]): Promise<string | null> {
  const problems: string[] = [];
  for (const target of targets) {
    try {
      if (target.kind === 'user') {
        const profile = await deps.directory.user(target.id);
        if (profile.deleted) problems.push(`<@${target.id}> is deactivated in Slack`);
      } else if (target.kind === 'usergroup') {
        await deps.directory.usergroupMembers(target.id);
      }
    } catch (error) {
      if (!(error instanceof SlackCallError) || error.retryable) throw error;
      problems.push(
        `Slack has no ${target.kind === 'user' ? 'user' : 'user group'} ${formatTarget(target)} (${error.slackError})`,
      );
    }
  }
  return problems.length ? problems.join('; ') : null;
}
