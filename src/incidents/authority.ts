/**
 * Who may steer an incident: close it, change its severity, reassign its roles, mark its post-mortem
 * done. The Incident Commander, whoever holds one of its roles now, and the bot's admins (`admins:` in
 * the policy file, people or user groups). Anyone may declare, page, post a status update and add notes.
 */
import type { RoleAssignment } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import { UserError } from '../common/errors';
import { mentionUser } from '../slack/mrkdwn';
import { ROLE_TITLES, type Role } from './roles';

/** Whether `userId` is an admin: named in `admins`, or in one of its user groups (asked of Slack; no transaction open). */
export async function isAdmin(deps: Pick<Deps, 'config' | 'directory' | 'log'>, userId: string): Promise<boolean> {
  for (const admin of deps.config.admins) {
    if (admin.kind === 'user' && admin.id === userId) return true;
  }
  for (const admin of deps.config.admins) {
    if (admin.kind !== 'usergroup') continue;
    try {
      if ((await deps.directory.usergroupMembers(admin.id)).includes(userId)) return true;
    } catch (error) {
      // Not knowing is not a yes: the refusal says who may, and role holders are unaffected.
      deps.log.warn({ usergroup: admin.id, err: String(error) }, 'could not look up an admin user group');
    }
  }
  return false;
}

/**
 * Throws the refusal (ephemeral, saying who may) unless `actorId` holds a role or is an admin. Pure.
 * `closed`: roles of a closed incident no longer change, so the refusal does not suggest getting one.
 */
export function requireAuthority(
  roles: Pick<RoleAssignment, 'role' | 'userId'>[],
  actorId: string,
  admin: boolean,
  what: string,
  closed = false,
): void {
  if (admin || roles.some((r) => r.userId === actorId)) return;
  const holders = roles.map((r) => `${mentionUser(r.userId)} (${ROLE_TITLES[r.role as Role] ?? r.role})`).join(', ');
  const ask = closed ? 'Ask one of them.' : 'Ask one of them, or ask the Incident Commander to give you a role.';
  throw new UserError(
    `Only the incident's role holders${holders ? ` — ${holders} —` : ''} and the bot's admins can ${what}. ${ask}`,
  );
}
