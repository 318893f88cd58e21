/**
 * Proves the test pair (Slack stand-in + signed-request driver) against the real thing we ship:
 * a Bolt 5 App on its default HTTP receiver, its WebClient pointed at the stand-in.
 */
import { App, LogLevel } from '@slack/bolt';
import { LogLevel as WebLogLevel, WebClient } from '@slack/web-api';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mention, slackDriver, type SlackDriver } from '../support/slack/driver';
import { startSlackStandin, type SlackStandin } from '../support/slack/standin';

const SIGNING_SECRET = 'test-signing-secret';

interface Seen {
  commands: { text: string; user_id: string; channel_id: string; response_url: string; trigger_id: string }[];
  actions: { action_id: string; value: string; message_ts?: string }[];
  submissions: { callback_id: string; private_metadata: string; values: unknown }[];
}

describe('Slack stand-in + driver against a real Bolt app', () => {
  let standin: SlackStandin;
  let app: App;
  let server: Server;
  let driver: SlackDriver;
  let seen: Seen;
  let incidentsId: string;

  beforeAll(async () => {
    standin = await startSlackStandin();
    standin.addUser({ id: 'U0ALICE', name: 'alice', tz: 'Europe/Berlin' });
    standin.addUser({ id: 'U0BOB', name: 'bob', tz: 'America/New_York' });
    incidentsId = standin.addChannel({ name: 'incidents', members: ['U0ALICE', 'U0BOB'] }).id;
    standin.addUsergroup({ id: 'S0SRE', handle: 'sre', users: ['U0ALICE', 'U0BOB'] });

    app = new App({
      signingSecret: SIGNING_SECRET,
      token: standin.token,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standin.apiUrl },
    });
    app.command('/incident', async ({ command, ack, client, respond }) => {
      seen.commands.push(command);
      await ack({ response_type: 'ephemeral', text: `Declaring: ${command.text}` });
      if (command.text.startsWith('post')) {
        await client.chat.postMessage({ channel: command.channel_id, text: `Incident declared by <@${command.user_id}>` });
      }
      if (command.text.startsWith('respond')) await respond({ text: 'via response_url', response_type: 'ephemeral' });
    });
    app.action('ack_incident', async ({ ack, action, body }) => {
      await ack();
      const button = action as { action_id: string; value: string };
      const container = (body as { container?: { message_ts?: string } }).container;
      seen.actions.push({ action_id: button.action_id, value: button.value, message_ts: container?.message_ts });
    });
    app.view('declare_modal', async ({ ack, view }) => {
      seen.submissions.push({ callback_id: view.callback_id, private_metadata: view.private_metadata, values: view.state.values });
      await ack({ response_action: 'errors', errors: { title_block: 'Title is required' } });
    });

    server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    const { port } = server.address() as AddressInfo;
    driver = slackDriver({
      url: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      teamId: standin.teamId,
      responseUrlFor: standin.responseUrl,
    });
  });

  beforeEach(() => {
    seen = { commands: [], actions: [], submissions: [] };
    standin.reset();
  });

  afterAll(async () => {
    await app?.stop();
    await standin?.close();
  });

  it('delivers a signed slash command with escaped mentions and returns the ack body', async () => {
    const text = `sev1 db down ${mention.user('U0BOB', 'bob')} ${mention.usergroup('S0SRE', 'sre')}`;
    const res = await driver.command({ text, userId: 'U0ALICE', channelId: incidentsId, channelName: 'incidents' });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ response_type: 'ephemeral', text: `Declaring: ${text}` });
    expect(seen.commands).toHaveLength(1);
    expect(seen.commands[0]).toMatchObject({
      text: 'sev1 db down <@U0BOB|bob> <!subteam^S0SRE|@sre>',
      user_id: 'U0ALICE',
      channel_id: incidentsId,
    });
    expect(seen.commands[0].response_url).toMatch(new RegExp(`^${standin.baseUrl}/response/`));
    expect(seen.commands[0].trigger_id).toBe(driver.lastTriggerId);
  });

  it.each([
    ['a forged signature', { badSignature: true }],
    ['a stale timestamp (10 minutes old)', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
    ['no signature at all', { unsigned: true }],
  ])('answers 401 to %s and never runs the handler', async (_label, forge) => {
    const res = await driver.command({ text: 'post sev1', userId: 'U0ALICE', channelId: incidentsId }, forge);

    expect(res.status).toBe(401);
    expect(res.body).toBe('');
    expect(seen.commands).toHaveLength(0);
    expect(standin.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it("lands the app's chat.postMessage in the stand-in", async () => {
    await driver.command({ text: 'post sev2', userId: 'U0ALICE', channelId: incidentsId });

    const [message] = await standin.waitFor(() => standin.messagesIn(incidentsId).length > 0 && standin.messagesIn(incidentsId), {
      what: 'a message in #incidents',
    });
    expect(message).toMatchObject({ text: 'Incident declared by <@U0ALICE>', user: standin.botUserId, bot_id: standin.botId });
    const [call] = standin.callsTo('chat.postMessage');
    expect(call.args).toMatchObject({ channel: incidentsId, text: 'Incident declared by <@U0ALICE>' });
    expect(call.response).toMatchObject({ ok: true, channel: incidentsId, ts: message.ts });
  });

  it('is retried by the WebClient after a 429 with Retry-After: 1, then succeeds', async () => {
    standin.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const before = standin.messagesIn(incidentsId).length;

    await driver.command({ text: 'post sev3', userId: 'U0ALICE', channelId: incidentsId });

    await standin.waitFor(() => standin.messagesIn(incidentsId).length === before + 1, { timeoutMs: 10_000, what: 'the retried post' });
    const calls = standin.callsTo('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[0].response).toEqual({ ok: false, error: 'ratelimited' });
    // The client honoured Retry-After: the retry came at least a second later.
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(1000);
  });

  it('rejects conversations.create for a taken name with name_taken (real state and injected)', async () => {
    const created = await app.client.conversations.create({ name: 'inc-2026-db-down' });
    expect(created.channel?.is_member).toBe(true);
    expect(standin.channelByName('inc-2026-db-down')?.members.has(standin.botUserId)).toBe(true);

    await expect(app.client.conversations.create({ name: 'inc-2026-db-down' })).rejects.toMatchObject({
      data: { ok: false, error: 'name_taken' },
    });
    await expect(app.client.conversations.create({ name: 'Inc DB down' })).rejects.toMatchObject({
      data: { error: 'invalid_name_specials' },
    });

    standin.failNext('conversations.create', { error: 'name_taken' });
    await expect(app.client.conversations.create({ name: 'inc-fresh-name' })).rejects.toMatchObject({
      data: { error: 'name_taken' },
    });
    expect(standin.channelByName('inc-fresh-name')).toBeUndefined();
  });

  it('records respond() posts to the response_url', async () => {
    await driver.command({ text: 'respond please', userId: 'U0BOB', channelId: incidentsId });

    const [post] = await standin.waitFor(() => standin.responses.length > 0 && standin.responses, { what: 'a response_url post' });
    expect(post.body).toMatchObject({ text: 'via response_url', response_type: 'ephemeral' });
  });

  it('delivers a block action and a view submission with the payload shapes Bolt routes on', async () => {
    const posted = await app.client.chat.postMessage({ channel: incidentsId, text: 'Page for INC-7' });
    const clicked = await driver.blockAction({
      userId: 'U0BOB',
      actionId: 'ack_incident',
      value: 'INC-7',
      channelId: incidentsId,
      messageTs: posted.ts,
    });
    expect(clicked.status).toBe(200);
    expect(seen.actions).toEqual([{ action_id: 'ack_incident', value: 'INC-7', message_ts: posted.ts }]);

    const values = { title_block: { title: { type: 'plain_text_input', value: '' } } };
    const submitted = await driver.viewSubmission({ userId: 'U0ALICE', callbackId: 'declare_modal', values, privateMetadata: '{"c":"x"}' });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({ response_action: 'errors', errors: { title_block: 'Title is required' } });
    expect(seen.submissions).toEqual([{ callback_id: 'declare_modal', private_metadata: '{"c":"x"}', values }]);
  });

  it('rejects a wrong token and unknown methods the way Slack does', async () => {
    await expect(app.client.auth.test({ token: 'xoxb-wrong' })).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await expect(app.client.apiCall('conversations.nonexistent')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    const timeout = standin.waitFor(() => false, { timeoutMs: 50, what: 'something that never happens' });
    await expect(timeout).rejects.toThrow(/something that never happens.*\n.*Web API calls:\n.*conversations\.nonexistent/s);
  });
});

describe('Slack stand-in Web API rules', () => {
  let standin: SlackStandin;
  let client: WebClient;
  let incidentsId: string;

  beforeAll(async () => {
    standin = await startSlackStandin();
    standin.addUser({ id: 'U0ALICE', name: 'alice', tz: 'Europe/Berlin', realName: 'Alice Adams', displayName: 'ali' });
    standin.addUser({ id: 'U0BOB', name: 'bob' });
    standin.addUser({ id: 'U0CAROL', name: 'carol' });
    incidentsId = standin.addChannel({ name: 'incidents', members: ['U0ALICE'] }).id;
    standin.addUsergroup({ id: 'S0SRE', handle: 'sre', users: ['U0ALICE', 'U0BOB'] });
    client = new WebClient(standin.token, { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 }, logLevel: WebLogLevel.ERROR });
  });

  afterAll(async () => {
    await standin?.close();
  });

  const slackError = (p: Promise<unknown>) => p.then(() => 'ok', (e: { data?: { error?: string } }) => e.data?.error);

  it('validates channel names like Slack', async () => {
    expect(await slackError(client.conversations.create({ name: '' }))).toBe('invalid_name_required');
    expect(await slackError(client.conversations.create({ name: 'a'.repeat(81) }))).toBe('invalid_name_maxlength');
    expect(await slackError(client.conversations.create({ name: 'inc#1' }))).toBe('invalid_name_specials');
    expect(await slackError(client.conversations.create({ name: '--' }))).toBe('invalid_name_punctuation');
    expect(await slackError(client.conversations.create({ name: 'a'.repeat(80) }))).toBe('ok');
  });

  it('invites all-or-nothing, with already_in_channel / user_not_found / cant_invite_self', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-invites' });
    const id = channel!.id!;
    expect(await slackError(client.conversations.invite({ channel: id, users: 'U0BOB,U0NOBODY' }))).toBe('user_not_found');
    expect(standin.channel(id)!.members.has('U0BOB')).toBe(false);
    expect(await slackError(client.conversations.invite({ channel: id, users: 'U0BOB,U0CAROL' }))).toBe('ok');
    expect(await slackError(client.conversations.invite({ channel: id, users: 'U0BOB' }))).toBe('already_in_channel');
    expect(await slackError(client.conversations.invite({ channel: id, users: standin.botUserId }))).toBe('cant_invite_self');
    expect(await slackError(client.conversations.invite({ channel: 'C0MISSING', users: 'U0BOB' }))).toBe('channel_not_found');
    const members = await client.conversations.members({ channel: id });
    expect(members.members).toEqual([standin.botUserId, 'U0BOB', 'U0CAROL']);
  });

  it('returns history newest first, honours limit/oldest, and metadata only with include_all_metadata', async () => {
    const first = await client.chat.postMessage({ channel: incidentsId, text: 'one', metadata: { event_type: 'incident_declared', event_payload: { id: 'INC-1' } } });
    const second = await client.chat.postMessage({ channel: '#incidents', text: 'two' });
    const third = await client.chat.postMessage({ channel: incidentsId, text: 'three' });
    expect(Number(first.ts) < Number(second.ts) && Number(second.ts) < Number(third.ts)).toBe(true);
    expect(second.channel).toBe(incidentsId);

    const page = await client.conversations.history({ channel: incidentsId, limit: 2 });
    expect(page.messages!.map((m) => m.text)).toEqual(['three', 'two']);
    expect(page.has_more).toBe(true);
    const after = await client.conversations.history({ channel: incidentsId, oldest: first.ts });
    expect(after.messages!.map((m) => m.text)).toEqual(['three', 'two']);
    const plain = await client.conversations.history({ channel: incidentsId });
    expect(plain.messages!.find((m) => m.ts === first.ts)).not.toHaveProperty('metadata');
    const withMeta = await client.conversations.history({ channel: incidentsId, include_all_metadata: true });
    expect(withMeta.messages!.find((m) => m.ts === first.ts)?.metadata).toEqual({ event_type: 'incident_declared', event_payload: { id: 'INC-1' } });
  });

  it('updates and pins messages, with message_not_found / already_pinned / cant_update_message', async () => {
    const posted = await client.chat.postMessage({ channel: incidentsId, text: 'status: investigating', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*investigating*' } }] });
    await client.chat.update({ channel: incidentsId, ts: posted.ts!, text: 'status: mitigated', blocks: [{ type: 'divider' }] });
    const stored = standin.messagesIn(incidentsId).find((m) => m.ts === posted.ts);
    expect(stored).toMatchObject({ text: 'status: mitigated', blocks: [{ type: 'divider' }] });
    expect(await slackError(client.chat.update({ channel: incidentsId, ts: '1.000001', text: 'x' }))).toBe('message_not_found');
    standin.workspace.messages.get(incidentsId)!.push({ type: 'message', channel: incidentsId, ts: '2.000001', text: 'human', user: 'U0ALICE' });
    expect(await slackError(client.chat.update({ channel: incidentsId, ts: '2.000001', text: 'x' }))).toBe('cant_update_message');

    expect(await slackError(client.pins.add({ channel: incidentsId, timestamp: posted.ts! }))).toBe('ok');
    expect(await slackError(client.pins.add({ channel: incidentsId, timestamp: posted.ts! }))).toBe('already_pinned');
    expect(await slackError(client.pins.add({ channel: incidentsId, timestamp: '3.000001' }))).toBe('message_not_found');
    expect(standin.pinsIn(incidentsId).map((m) => m.ts)).toEqual([posted.ts]);
  });

  it('opens one stable IM per user, and posting to a user id lands there', async () => {
    const a = await client.conversations.open({ users: 'U0BOB' });
    const b = await client.conversations.open({ users: 'U0BOB' });
    expect(a.channel!.id).toMatch(/^D/);
    expect(b.channel!.id).toBe(a.channel!.id);
    const viaUser = await client.chat.postMessage({ channel: 'U0BOB', text: 'You are paged' });
    await client.chat.postMessage({ channel: a.channel!.id!, text: 'Still paged' });
    expect(viaUser.channel).toBe(a.channel!.id);
    expect(standin.dmsTo('U0BOB').map((m) => m.text)).toEqual(['You are paged', 'Still paged']);
  });

  it('answers users.info with tz/tz_offset/real_name/display_name, and usergroups.users.list', async () => {
    const { user } = await client.users.info({ user: 'U0ALICE' });
    expect(user).toMatchObject({ id: 'U0ALICE', real_name: 'Alice Adams', tz: 'Europe/Berlin', profile: { display_name: 'ali' } });
    expect([3600, 7200]).toContain(user!.tz_offset);
    expect(await slackError(client.users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');
    expect((await client.usergroups.users.list({ usergroup: 'S0SRE' })).users).toEqual(['U0ALICE', 'U0BOB']);
    expect(await slackError(client.usergroups.users.list({ usergroup: 'S0NONE' }))).toBe('no_such_subteam');
  });

  it('opens and updates views, posts ephemerals, and serves 429/500 faults and rate-limit rejection', async () => {
    const opened = await client.views.open({
      trigger_id: '1.2.abc',
      view: { type: 'modal', callback_id: 'declare_modal', title: { type: 'plain_text', text: 'Declare' }, blocks: [], private_metadata: 'm' },
    });
    const updated = await client.views.update({ view_id: opened.view!.id!, view: { type: 'modal', callback_id: 'declare_modal', title: { type: 'plain_text', text: 'Declared' }, blocks: [] } });
    expect(updated.view!.id).toBe(opened.view!.id);
    expect(await slackError(client.views.update({ view_id: 'V0NONE', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } }))).toBe('not_found');
    expect(standin.views()).toHaveLength(1);

    await client.chat.postEphemeral({ channel: incidentsId, user: 'U0ALICE', text: 'only you' });
    expect(standin.ephemeralsTo('U0ALICE').map((e) => e.text)).toEqual(['only you']);
    expect(await slackError(client.chat.postEphemeral({ channel: incidentsId, user: 'U0CAROL', text: 'x' }))).toBe('user_not_in_channel');

    standin.failNext('users.info', { status: 500 });
    await expect(client.users.info({ user: 'U0ALICE' })).rejects.toMatchObject({ code: 'slack_webapi_http_error', statusCode: 500 });
    const strict = new WebClient(standin.token, { slackApiUrl: standin.apiUrl, rejectRateLimitedCalls: true, logLevel: WebLogLevel.ERROR });
    standin.failNext('users.info', { status: 429, retryAfter: 7 });
    await expect(strict.users.info({ user: 'U0ALICE' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
    expect(await slackError(client.users.info({ user: 'U0ALICE' }))).toBe('ok');
    expect(await slackError(new WebClient(undefined, { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } }).auth.test())).toBe('not_authed');
  });
});
