/**
 * What the stand-in refuses around private channels and OAuth scopes, as Slack does: `missing_scope`
 * (with `needed` and `provided`) when the bot token lacks channels:* for a public channel or groups:*
 * for a private one, and a private channel that does not exist for anyone who is not in it. Through the
 * Web API (WebClient), as the bot calls it.
 */
import { LogLevel, WebClient } from '@slack/web-api';
import { MANIFEST_BOT_SCOPES } from '../../src/slackSimulator/scopes';
import { startSlackStandin, type SlackStandin } from '../../src/slackSimulator/standin';

interface SlackErrorBody {
  ok: false;
  error: string;
  needed?: string;
  provided?: string;
}

/** The body Slack answered, or 'ok'. */
async function refusal(p: Promise<unknown>): Promise<SlackErrorBody | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const data = (e as { data?: SlackErrorBody }).data;
    if (!data) throw e;
    return data;
  }
}

const errorOf = async (p: Promise<unknown>) => {
  const answer = await refusal(p);
  return answer === 'ok' ? 'ok' : answer.error;
};

const withoutScopes = (...drop: string[]) => MANIFEST_BOT_SCOPES.filter((s) => !drop.includes(s));

describe('the Slack stand-in with private channels and OAuth scopes', () => {
  const started: SlackStandin[] = [];

  /** A stand-in (rate limits off: they are not under test) with alice, bob and carol, and a client for its bot. */
  async function standinWith(scopes?: readonly string[]) {
    const slack = await startSlackStandin({ rateLimits: false, ...(scopes ? { scopes } : {}) });
    started.push(slack);
    for (const [id, name] of [
      ['U0ALICE', 'alice'],
      ['U0BOB', 'bob'],
      ['U0CAROL', 'carol'],
    ])
      slack.addUser({ id, name });
    const client = new WebClient(slack.token, {
      slackApiUrl: slack.apiUrl,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 0 },
    });
    return { slack, client };
  }

  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
  });

  it('creates, invites to and reads a private channel with the default scopes (those of manifest.yml)', async () => {
    const { slack, client } = await standinWith();
    const created = await client.conversations.create({ name: 'inc-42-secret', is_private: true });
    const id = created.channel!.id!;
    expect(created.channel).toMatchObject({ name: 'inc-42-secret', is_private: true });
    await client.conversations.invite({ channel: id, users: 'U0ALICE' });
    await client.conversations.setTopic({ channel: id, topic: 'SEV1: checkout down' });
    await client.chat.postMessage({ channel: id, text: 'Incident declared' });
    const history = await client.conversations.history({ channel: id });
    expect(history.messages?.map((m) => m.text)).toEqual(['Incident declared']);
    expect((await client.conversations.members({ channel: id })).members).toEqual([slack.botUserId, 'U0ALICE']);
    expect((await client.conversations.info({ channel: id })).channel?.topic?.value).toBe('SEV1: checkout down');
    expect(slack.membersOf(id)).toEqual([slack.botUserId, 'U0ALICE']);
  });

  it('refuses to create a private channel without groups:write, naming the scope and what the token has', async () => {
    const scopes = withoutScopes('groups:write');
    const { slack, client } = await standinWith(scopes);
    expect(await refusal(client.conversations.create({ name: 'inc-42-secret', is_private: true }))).toMatchObject({
      ok: false,
      error: 'missing_scope',
      needed: 'groups:write',
      provided: scopes.join(','),
    });
    expect(slack.channelByName('inc-42-secret')).toBeUndefined();
    // A public one needs channels:manage, which the token still has.
    expect(await errorOf(client.conversations.create({ name: 'inc-42-public' }))).toBe('ok');
  });

  it('refuses a public channel without channels:manage, and a private one it is in without groups:write', async () => {
    const { client, slack } = await standinWith(withoutScopes('channels:manage', 'groups:write'));
    const open = slack.addChannel({ name: 'inc-1', members: ['U0ALICE'] });
    const secret = slack.addChannel({ name: 'inc-2', members: ['U0ALICE'], isPrivate: true });
    const neededFor = async (p: Promise<unknown>) => {
      const answer = await refusal(p);
      return answer === 'ok' ? 'ok' : `${answer.error} ${answer.needed}`;
    };
    expect(await neededFor(client.conversations.create({ name: 'inc-3' }))).toBe('missing_scope channels:manage');
    expect(await neededFor(client.conversations.invite({ channel: open.id, users: 'U0BOB' }))).toBe(
      'missing_scope channels:manage',
    );
    expect(await neededFor(client.conversations.invite({ channel: secret.id, users: 'U0BOB' }))).toBe(
      'missing_scope groups:write',
    );
    expect(await neededFor(client.conversations.setTopic({ channel: secret.id, topic: 'x' }))).toBe(
      'missing_scope groups:write',
    );
    expect(slack.membersOf(secret.id)).not.toContain('U0BOB');
  });

  it('refuses the history of a private channel without groups:history, and of a public one without channels:history', async () => {
    const { slack, client } = await standinWith(withoutScopes('groups:history'));
    const secret = slack.addChannel({ name: 'inc-2', members: ['U0ALICE'], isPrivate: true });
    const open = slack.addChannel({ name: 'inc-1', members: ['U0ALICE'] });
    slack.userSays(secret.id, 'U0ALICE', 'the database is on fire');
    expect(await refusal(client.conversations.history({ channel: secret.id }))).toMatchObject({
      error: 'missing_scope',
      needed: 'groups:history',
    });
    expect(await errorOf(client.conversations.replies({ channel: secret.id, ts: '1.0' }))).toBe('missing_scope');
    expect(await errorOf(client.conversations.history({ channel: open.id }))).toBe('ok');

    const { slack: other, client: noPublic } = await standinWith(withoutScopes('channels:history'));
    const publicOne = other.addChannel({ name: 'inc-1', members: ['U0ALICE'] });
    expect(await refusal(noPublic.conversations.history({ channel: publicOne.id }))).toMatchObject({
      error: 'missing_scope',
      needed: 'channels:history',
    });
  });

  it('refuses info, members and listing of private channels without groups:read', async () => {
    const { slack, client } = await standinWith(withoutScopes('groups:read'));
    const secret = slack.addChannel({ name: 'inc-2', members: ['U0ALICE'], isPrivate: true });
    const open = slack.addChannel({ name: 'inc-1', members: ['U0ALICE'] });
    for (const call of [
      client.conversations.info({ channel: secret.id }),
      client.conversations.members({ channel: secret.id }),
      client.conversations.list({ types: 'public_channel,private_channel' }),
    ])
      expect(await refusal(call)).toMatchObject({ error: 'missing_scope', needed: 'groups:read' });
    expect(await errorOf(client.conversations.info({ channel: open.id }))).toBe('ok');
    expect((await client.conversations.list({ types: 'public_channel' })).channels?.map((c) => c.name)).toEqual([
      'inc-1',
    ]);
  });

  it('refuses posts without chat:write, and posts in public channels it has not joined without chat:write.public', async () => {
    const { slack, client } = await standinWith(withoutScopes('chat:write'));
    const open = slack.addChannel({ name: 'inc-1', members: ['U0ALICE'] });
    expect(await refusal(client.chat.postMessage({ channel: open.id, text: 'hi' }))).toMatchObject({
      error: 'missing_scope',
      needed: 'chat:write',
    });
    expect(slack.messagesIn(open.id)).toEqual([]);

    const { slack: other, client: noPublic } = await standinWith(withoutScopes('chat:write.public'));
    const notJoined = other.addChannel({ name: 'announcements', members: ['U0ALICE'], botIsMember: false });
    expect(await errorOf(noPublic.chat.postMessage({ channel: notJoined.id, text: 'hi' }))).toBe('not_in_channel');
  });

  it('hides a private channel the bot is not in: channel_not_found everywhere, and not listed', async () => {
    const { slack, client } = await standinWith();
    const hidden = slack.addChannel({ name: 'hr-private', members: ['U0ALICE'], isPrivate: true, botIsMember: false });
    const mine = slack.addChannel({ name: 'inc-2', members: ['U0ALICE'], isPrivate: true });
    slack.addChannel({ name: 'inc-1', members: ['U0ALICE'] });
    for (const call of [
      client.conversations.info({ channel: hidden.id }),
      client.conversations.members({ channel: hidden.id }),
      client.conversations.history({ channel: hidden.id }),
      client.conversations.invite({ channel: hidden.id, users: 'U0BOB' }),
      client.conversations.setTopic({ channel: hidden.id, topic: 'x' }),
      client.chat.postMessage({ channel: hidden.id, text: 'hi' }),
      client.chat.postEphemeral({ channel: hidden.id, user: 'U0ALICE', text: 'hi' }),
      client.pins.list({ channel: hidden.id }),
    ])
      expect(await errorOf(call)).toBe('channel_not_found');
    expect(slack.membersOf(hidden.id)).toEqual(['U0ALICE']);
    expect(slack.messagesIn(hidden.id)).toEqual([]);

    const listed = await client.conversations.list({ types: 'public_channel,private_channel' });
    expect(listed.channels?.map((c) => c.name).sort()).toEqual(['inc-1', 'inc-2']);
    const privateOnly = await client.conversations.list({ types: 'private_channel' });
    expect(privateOnly.channels?.map((c) => c.id)).toEqual([mine.id]);
  });

  it('shows an ephemeral in a private channel only to a member: user_not_in_channel for anyone else', async () => {
    const { slack, client } = await standinWith();
    const secret = slack.addChannel({ name: 'inc-2', members: ['U0ALICE'], isPrivate: true });
    expect(await errorOf(client.chat.postEphemeral({ channel: secret.id, user: 'U0BOB', text: 'psst' }))).toBe(
      'user_not_in_channel',
    );
    expect(slack.ephemeralsTo('U0BOB')).toEqual([]);
    await client.chat.postEphemeral({ channel: secret.id, user: 'U0ALICE', text: 'psst' });
    expect(slack.ephemeralsTo('U0ALICE').map((e) => [e.channel, e.text])).toEqual([[secret.id, 'psst']]);
  });

  it('tells who sees a channel: a public one everyone, a private one only its members', async () => {
    const { slack, client } = await standinWith();
    const open = slack.addChannel({ name: 'inc-1', members: ['U0ALICE'] });
    const secret = (await client.conversations.create({ name: 'inc-2', is_private: true })).channel!.id!;
    await client.conversations.invite({ channel: secret, users: 'U0ALICE' });
    const hidden = slack.addChannel({ name: 'hr-private', members: ['U0CAROL'], isPrivate: true, botIsMember: false });

    expect(['U0ALICE', 'U0BOB'].map((u) => slack.canSee(u, open.id))).toEqual([true, true]);
    expect(['U0ALICE', 'U0BOB', slack.botUserId].map((u) => slack.canSee(u, secret))).toEqual([true, false, true]);
    expect(['U0CAROL', 'U0ALICE', slack.botUserId].map((u) => slack.canSee(u, hidden.id))).toEqual([
      true,
      false,
      false,
    ]);
    expect(slack.canSee('U0ALICE', 'C0NOSUCH')).toBe(false);

    slack.removeFromChannel(secret, 'U0ALICE');
    expect(slack.canSee('U0ALICE', secret)).toBe(false);
    expect(slack.membersOf(secret)).toEqual([slack.botUserId]);
  });
});
