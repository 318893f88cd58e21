import { usergroupMethods } from '../../../src/slackSimulator/methods/usergroups';
import type { MethodEnv } from '../../../src/slackSimulator/methods/types';
import { Workspace } from '../../../src/slackSimulator/workspace';

const IDENTITY = {
  teamId: 'T1',
  teamName: 'Acme',
  teamDomain: 'acme',
  botUserId: 'U0BOT',
  botId: 'B0BOT',
  appId: 'A0APP',
};
const ENV: MethodEnv = { nowMs: 0, chatWritePublic: true, uploadUrlFor: (id) => `http://x/${id}` };

function workspace() {
  const ws = new Workspace(IDENTITY, () => 0);
  for (const id of ['U0AAA', 'U0BBB'])
    ws.users.set(id, { id, name: id, realName: id, displayName: id, tz: 'UTC', isBot: false });
  ws.usergroups.set('S0ONCALL', { id: 'S0ONCALL', handle: 'oncall', users: ['U0AAA'] });
  const call = (method: string, args: Record<string, unknown>) => usergroupMethods[method](args, ws, ENV);
  return { ws, call };
}

describe('usergroups.users.update in the stand-in', () => {
  it('sets the members and answers the group with its users', () => {
    const { ws, call } = workspace();
    expect(call('usergroups.users.update', { usergroup: 'S0ONCALL', users: 'U0BBB,U0AAA' })).toMatchObject({
      ok: true,
      usergroup: { id: 'S0ONCALL', handle: 'oncall', users: ['U0BBB', 'U0AAA'], user_count: 2 },
    });
    expect(ws.usergroups.get('S0ONCALL')?.users).toEqual(['U0BBB', 'U0AAA']);
  });

  it.each([
    ['an empty list', { usergroup: 'S0ONCALL', users: '' }, 'no_users_provided'],
    ['no users at all', { usergroup: 'S0ONCALL' }, 'no_users_provided'],
    ['an unknown person', { usergroup: 'S0ONCALL', users: 'U0AAA,U0NOBODY' }, 'invalid_users'],
    ['an unknown group', { usergroup: 'S0GONE', users: 'U0AAA' }, 'no_such_subteam'],
  ])('refuses %s, leaving the group as it was', (_what, args, error) => {
    const { ws, call } = workspace();
    expect(call('usergroups.users.update', args)).toEqual({ ok: false, error });
    expect(ws.usergroups.get('S0ONCALL')?.users).toEqual(['U0AAA']);
  });
});

describe('usergroups.create and usergroups.list in the stand-in', () => {
  it('creates a group once; a taken handle or name is name_already_exists', () => {
    const { call } = workspace();
    const created = call('usergroups.create', { name: 'primary-oncall', handle: 'primary-oncall' });
    expect(created).toMatchObject({ ok: true, usergroup: { handle: 'primary-oncall', users: [] } });
    expect(call('usergroups.create', { name: 'Other', handle: 'primary-oncall' })).toEqual({
      ok: false,
      error: 'name_already_exists',
    });
    expect(call('usergroups.create', { name: 'primary-oncall', handle: 'other' })).toEqual({
      ok: false,
      error: 'name_already_exists',
    });
    expect(call('usergroups.create', {})).toEqual({ ok: false, error: 'missing_argument' });
    const listed = call('usergroups.list', {}).usergroups as { id: string; handle: string; users?: string[] }[];
    expect(listed.map((g) => g.handle)).toEqual(['oncall', 'primary-oncall']);
    expect(listed[0]).not.toHaveProperty('users');
    expect((call('usergroups.list', { include_users: true }).usergroups as { users: string[] }[])[0].users).toEqual([
      'U0AAA',
    ]);
  });
});
