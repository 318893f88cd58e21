/** The Slack directory's caches are bounded: a workspace of 100,000 people must not grow the process. */
import { SlackDirectory } from '../../../src/slack/directory';
import type { SlackGateway } from '../../../src/slack/gateway';

function fakeSlack(calls: string[]): SlackGateway {
  return {
    call: async (method: string, args: Record<string, unknown>) => {
      calls.push(`${method}:${String(args.user ?? args.usergroup ?? args.cursor ?? '')}`);
      if (method === 'users.info')
        return {
          ok: true,
          user: {
            id: args.user,
            tz: 'UTC',
            name: String(args.user),
            is_restricted: args.user === 'UGUEST' || args.user === 'USCGUEST',
            is_ultra_restricted: args.user === 'USCGUEST',
          },
        };
      if (method === 'usergroups.users.list') return { ok: true, users: ['U1'] };
      if (method === 'conversations.list') {
        return args.cursor
          ? { ok: true, channels: [{ id: 'C0INCIDENTS', name: 'incidents' }], response_metadata: { next_cursor: '' } }
          : { ok: true, channels: [{ id: 'C0GENERAL', name: 'general' }], response_metadata: { next_cursor: 'page2' } };
      }
      throw new Error(`unexpected ${method}`);
    },
  } as unknown as SlackGateway;
}

describe('the Slack directory', () => {
  it('keeps at most maxUsers people, dropping the least recently used', async () => {
    const calls: string[] = [];
    const directory = new SlackDirectory(fakeSlack(calls), { maxUsers: 3 });
    for (const id of ['U1', 'U2', 'U3', 'U1', 'U4', 'U5']) await directory.user(id);
    expect(directory.sizes.users).toBe(3);
    calls.length = 0;
    await directory.user('U1'); // used recently: still cached
    await directory.user('U2'); // least recently used: dropped, asked again
    expect(calls).toEqual(['users.info:U2']);
  });

  it('tells a guest (is_restricted) and a single-channel guest (is_ultra_restricted) from a full member', async () => {
    const directory = new SlackDirectory(fakeSlack([]));
    expect((await directory.user('UGUEST')).guest).toBe(true);
    expect((await directory.user('USCGUEST')).guest).toBe(true);
    expect((await directory.user('U1')).guest).toBe(false);
  });

  it('keeps at most maxGroups user groups', async () => {
    const directory = new SlackDirectory(fakeSlack([]), { maxGroups: 2 });
    for (const id of ['S1', 'S2', 'S3', 'S4']) await directory.usergroupMembers(id);
    expect(directory.sizes.groups).toBe(2);
  });

  it('finds a channel id by name across pages of conversations.list, once', async () => {
    const calls: string[] = [];
    const directory = new SlackDirectory(fakeSlack(calls));
    expect(await directory.channelIdByName('#incidents')).toBe('C0INCIDENTS');
    expect(await directory.channelIdByName('incidents')).toBe('C0INCIDENTS');
    expect(calls).toEqual(['conversations.list:', 'conversations.list:page2']);
    expect(await directory.channelIdByName('nosuch')).toBeUndefined();
  });
});
