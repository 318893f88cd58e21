/**
 * Targets resolve when they fire, not when they were configured: `schedule:` is whoever is on call at
 * that instant, `usergroup:` its members then, `channel:` a post there.
 */
import type { Target } from '../config/targets';
import { formatTarget } from '../config/targets';
import { splitScheduleTarget } from '../config/schedules';
import { whoIsOnCall } from '../schedules/rotation';
import type { Deps } from '../deps';
import { SlackCallError } from '../slack/gateway';

export interface ResolvedTargets {
  users: string[];
  channels: string[];
  /** Targets that reached nobody, described for the channel ("schedule:primary (nobody on call)"). */
  empty: string[];
}

export async function resolveTargets(deps: Pick<Deps, 'config' | 'directory'>, targets: Target[], at: Date): Promise<ResolvedTargets> {
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
        const spec = deps.config.schedules[schedule];
        const who = spec ? whoIsOnCall(spec, at, layer) : null;
        if (who) users.add(who);
        else empty.push(`${formatTarget(target)} (nobody on call)`);
        break;
      }
      case 'usergroup': {
        let members: string[];
        try {
          members = await deps.directory.usergroupMembers(target.id);
        } catch (error) {
          // A group Slack says is gone reaches nobody; a passing Slack failure is retried by the caller.
          if (error instanceof SlackCallError && !error.retryable) {
            empty.push(`${formatTarget(target)} (${error.slackError})`);
            break;
          }
          throw error;
        }
        if (members.length) members.forEach((m) => users.add(m));
        else empty.push(`${formatTarget(target)} (no members)`);
        break;
      }
    }
  }
  return { users: [...users], channels: [...channels], empty };
}
