/**
 * User groups the bot keeps: usergroups.list, usergroups.create, usergroups.users.update (bot token,
 * `usergroups:read` / `usergroups:write`). Errors as Slack's method pages list them:
 * usergroups.users.update answers `no_users_provided` for a missing or empty `users` (a group is never
 * emptied through it) and `invalid_users` for ids the workspace does not have; an unknown group is
 * `no_such_subteam`, as usergroups.users.list answers. usergroups.create refuses a name or handle
 * already taken with `name_already_exists`. Answers carry the group object, its `users` included.
 */
import type { StandinUsergroup, Workspace } from '../workspace';
import { type MethodHandler, bool, fail, idList, str } from './types';

function groupJson(ws: Workspace, group: StandinUsergroup, withUsers: boolean) {
  return {
    id: group.id,
    team_id: ws.identity.teamId,
    is_usergroup: true,
    name: group.name ?? group.handle,
    handle: group.handle,
    user_count: group.users.length,
    ...(withUsers ? { users: [...group.users] } : {}),
  };
}

const list: MethodHandler = (args, ws) => ({
  ok: true,
  usergroups: [...ws.usergroups.values()].map((g) => groupJson(ws, g, bool(args, 'include_users'))),
});

const create: MethodHandler = (args, ws) => {
  const name = str(args, 'name')?.trim();
  if (!name) return fail('missing_argument');
  const handle = (str(args, 'handle') ?? name).trim().replace(/^@/, '');
  for (const g of ws.usergroups.values()) {
    if (g.handle === handle || g.name === name) return fail('name_already_exists');
  }
  const group: StandinUsergroup = { id: ws.newId('S'), handle, users: [], name };
  ws.usergroups.set(group.id, group);
  return { ok: true, usergroup: groupJson(ws, group, true) };
};

const updateUsers: MethodHandler = (args, ws) => {
  const group = ws.usergroups.get(str(args, 'usergroup') ?? '');
  if (!group) return fail('no_such_subteam');
  const users = [...new Set(idList(args, 'users'))];
  if (users.length === 0) return fail('no_users_provided');
  if (users.some((id) => !ws.users.has(id))) return fail('invalid_users');
  group.users = users;
  return { ok: true, usergroup: groupJson(ws, group, true) };
};

export const usergroupMethods: Record<string, MethodHandler> = {
  'usergroups.list': list,
  'usergroups.create': create,
  'usergroups.users.update': updateUsers,
};
