/** Who is who: auth.test, users.info, usergroups.users.list. */
import { userJson } from '../shapes';
import { type MethodHandler, fail, str } from './types';

const authTest: MethodHandler = (_args, ws) => ({
  ok: true,
  url: `https://${ws.identity.teamDomain}.slack.com/`,
  team: ws.identity.teamName,
  user: ws.users.get(ws.identity.botUserId)?.name ?? 'incident-bot',
  team_id: ws.identity.teamId,
  user_id: ws.identity.botUserId,
  bot_id: ws.identity.botId,
  is_enterprise_install: false,
});

const usersInfo: MethodHandler = (args, ws, env) => {
  const user = ws.users.get(str(args, 'user') ?? '');
  if (!user) return fail('user_not_found');
  return { ok: true, user: userJson(ws, user, env.nowMs) };
};

const usergroupUsers: MethodHandler = (args, ws) => {
  const group = ws.usergroups.get(str(args, 'usergroup') ?? '');
  if (!group) return fail('no_such_subteam');
  return { ok: true, users: [...group.users] };
};

export const peopleMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'usergroups.users.list': usergroupUsers,
};
