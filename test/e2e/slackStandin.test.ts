/**
 * Proves the test pair (Slack stand-in + signed-request driver) against the real thing we ship:
 * a Bolt 5 App on its default HTTP receiver, its WebClient pointed at the stand-in.
 */
import { App, LogLevel } from '@slack/bolt';
import { LogLevel as WebLogLevel, WebClient } from '@slack/web-api';
import type { AddressInfo } from 'node:net';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mention, pinAdded, reactionAdded, slackDriver, type SlackDriver } from '../../src/slackSimulator/driver';
import { slackSignature } from '../../src/slackSimulator/signing';
import { startSlackStandin, UPLOAD_URL, type SlackStandin } from '../../src/slackSimulator/standin';

const SIGNING_SECRET = 'test-signing-secret';

interface Seen {
  commands: { text: string; user_id: string; channel_id: string; response_url: string; trigger_id: string }[];
  actions: { action_id: string; value: string; message_ts?: string }[];
  submissions: { callback_id: string; private_metadata: string; values: unknown }[];
  events: { type: string; event_id: string; retryNum?: number; retryReason?: string; event: Record<string, unknown> }[];
  shortcuts: {
    callback_id: string;
    message_ts: string;
    channel: string;
    user: string;
    text?: string;
    trigger_id: string;
  }[];
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
        await client.chat.postMessage({
          channel: command.channel_id,
          text: `Incident declared by <@${command.user_id}>`,
        });
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
      seen.submissions.push({
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        values: view.state.values,
      });
      await ack({ response_action: 'errors', errors: { title_block: 'Title is required' } });
    });
    for (const type of ['reaction_added', 'pin_added'] as const) {
      app.event(type, async ({ event, body, context }) => {
        seen.events.push({
          type: event.type,
          event_id: (body as { event_id: string }).event_id,
          retryNum: context.retryNum,
          retryReason: context.retryReason,
          event: event as unknown as Record<string, unknown>,
        });
      });
    }
    app.shortcut('declare_from_message', async ({ ack, shortcut }) => {
      await ack();
      if (shortcut.type !== 'message_action') throw new Error(`expected a message shortcut, got ${shortcut.type}`);
      seen.shortcuts.push({
        callback_id: shortcut.callback_id,
        message_ts: shortcut.message_ts,
        channel: shortcut.channel.id,
        user: shortcut.user.id,
        text: shortcut.message.text,
        trigger_id: shortcut.trigger_id,
      });
    });

    server = await app.start({ port: 0, host: '127.0.0.1' });
    const { port } = server.address() as AddressInfo;
    driver = slackDriver({
      url: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      teamId: standin.teamId,
      botUserId: standin.botUserId,
      responseUrlFor: standin.responseUrl,
      onTriggerId: standin.issueTriggerId,
    });
  });

  beforeEach(() => {
    seen = { commands: [], actions: [], submissions: [], events: [], shortcuts: [] };
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

    const [message] = await standin.waitFor(
      () => standin.messagesIn(incidentsId).length > 0 && standin.messagesIn(incidentsId),
      {
        what: 'a message in #incidents',
      },
    );
    expect(message).toMatchObject({
      text: 'Incident declared by <@U0ALICE>',
      user: standin.botUserId,
      bot_id: standin.botId,
    });
    const [call] = standin.callsTo('chat.postMessage');
    expect(call.args).toMatchObject({ channel: incidentsId, text: 'Incident declared by <@U0ALICE>' });
    expect(call.response).toMatchObject({ ok: true, channel: incidentsId, ts: message.ts });
  });

  it('is retried by the WebClient after a 429 with Retry-After: 1, then succeeds', async () => {
    standin.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const before = standin.messagesIn(incidentsId).length;

    await driver.command({ text: 'post sev3', userId: 'U0ALICE', channelId: incidentsId });

    await standin.waitFor(() => standin.messagesIn(incidentsId).length === before + 1, {
      timeoutMs: 10_000,
      what: 'the retried post',
    });
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

    const [post] = await standin.waitFor(() => standin.responses.length > 0 && standin.responses, {
      what: 'a response_url post',
    });
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
    const submitted = await driver.viewSubmission({
      userId: 'U0ALICE',
      callbackId: 'declare_modal',
      values,
      privateMetadata: '{"c":"x"}',
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({ response_action: 'errors', errors: { title_block: 'Title is required' } });
    expect(seen.submissions).toEqual([{ callback_id: 'declare_modal', private_metadata: '{"c":"x"}', values }]);
  });

  it('delivers reaction_added and pin_added as signed event callbacks Bolt routes on', async () => {
    const posted = await app.client.chat.postMessage({ channel: incidentsId, text: 'INC-9 db down' });
    const reacted = await driver.event(
      reactionAdded({
        user: 'U0BOB',
        reaction: 'eyes',
        channel: incidentsId,
        ts: posted.ts!,
        itemUser: standin.botUserId,
      }),
    );
    const [stored] = standin.messagesIn(incidentsId).filter((m) => m.ts === posted.ts);
    const pinned = await driver.event(pinAdded({ user: 'U0ALICE', channelId: incidentsId, message: stored }));

    expect([reacted.status, pinned.status]).toEqual([200, 200]);
    expect(reacted.eventId).not.toBe(pinned.eventId);
    expect(seen.events.map((e) => [e.type, e.event_id, e.retryNum])).toEqual([
      ['reaction_added', reacted.eventId, undefined],
      ['pin_added', pinned.eventId, undefined],
    ]);
    expect(seen.events[0].event).toEqual({
      type: 'reaction_added',
      user: 'U0BOB',
      reaction: 'eyes',
      item_user: standin.botUserId,
      item: { type: 'message', channel: incidentsId, ts: posted.ts },
      event_ts: expect.stringMatching(/^\d+\.\d{6}$/),
    });
    expect(seen.events[1].event).toMatchObject({
      type: 'pin_added',
      user: 'U0ALICE',
      channel_id: incidentsId,
      item: {
        type: 'message',
        channel: incidentsId,
        created_by: 'U0ALICE',
        message: { type: 'message', ts: posted.ts, text: 'INC-9 db down', user: standin.botUserId },
      },
      item_user: standin.botUserId,
    });
    expect(seen.events[1].event.item).not.toHaveProperty('message.channel');
  });

  it('retries an event with X-Slack-Retry-Num/Reason and the same event_id; refuses a forged one', async () => {
    const event = reactionAdded({
      user: 'U0BOB',
      reaction: 'white_check_mark',
      channel: incidentsId,
      ts: '1700000000.000100',
    });
    const first = await driver.event(event);
    const retry = await driver.event(event, { retryNum: 1, retryReason: 'http_timeout' });
    const explicit = await driver.event(event, { retryNum: 2, eventId: first.eventId });
    const forged = await driver.event(event, {}, { badSignature: true });

    expect(retry.eventId).toBe(first.eventId);
    expect(explicit.eventId).toBe(first.eventId);
    expect(forged.status).toBe(401);
    expect(seen.events.map((e) => [e.event_id, e.retryNum, e.retryReason])).toEqual([
      [first.eventId, undefined, undefined],
      [first.eventId, 1, 'http_timeout'],
      [first.eventId, 2, 'http_timeout'],
    ]);
  });

  it('delivers a message shortcut (message_action) Bolt routes on callback_id, and answers url_verification', async () => {
    const res = await driver.messageShortcut({
      callbackId: 'declare_from_message',
      userId: 'U0ALICE',
      channelId: incidentsId,
      message: { ts: '1700000000.000200', text: 'checkout is 500ing', user: 'U0BOB' },
    });
    expect(res.status).toBe(200);
    expect(seen.shortcuts).toEqual([
      {
        callback_id: 'declare_from_message',
        message_ts: '1700000000.000200',
        channel: incidentsId,
        user: 'U0ALICE',
        text: 'checkout is 500ing',
        trigger_id: driver.lastTriggerId,
      },
    ]);

    const verified = await driver.urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    expect(verified).toMatchObject({
      status: 200,
      body: { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' },
    });
  });

  it('rejects a wrong token and unknown methods the way Slack does', async () => {
    await expect(app.client.auth.test({ token: 'xoxb-wrong' })).rejects.toMatchObject({
      data: { error: 'invalid_auth' },
    });
    await expect(app.client.apiCall('conversations.nonexistent')).rejects.toMatchObject({
      data: { error: 'unknown_method' },
    });
    const timeout = standin.waitFor(() => false, { timeoutMs: 50, what: 'something that never happens' });
    await expect(timeout).rejects.toThrow(
      /something that never happens.*\n.*Web API calls:\n.*conversations\.nonexistent/s,
    );
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
    client = new WebClient(standin.token, {
      slackApiUrl: standin.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: WebLogLevel.ERROR,
    });
  });

  afterAll(async () => {
    await standin?.close();
  });

  const slackError = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { data?: { error?: string } }) => e.data?.error,
    );

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
    expect(await slackError(client.conversations.invite({ channel: id, users: 'U0BOB,U0NOBODY' }))).toBe(
      'user_not_found',
    );
    expect(standin.channel(id)!.members.has('U0BOB')).toBe(false);
    expect(await slackError(client.conversations.invite({ channel: id, users: 'U0BOB,U0CAROL' }))).toBe('ok');
    expect(await slackError(client.conversations.invite({ channel: id, users: 'U0BOB' }))).toBe('already_in_channel');
    expect(await slackError(client.conversations.invite({ channel: id, users: standin.botUserId }))).toBe(
      'cant_invite_self',
    );
    expect(await slackError(client.conversations.invite({ channel: 'C0MISSING', users: 'U0BOB' }))).toBe(
      'channel_not_found',
    );
    const members = await client.conversations.members({ channel: id });
    expect(members.members).toEqual([standin.botUserId, 'U0BOB', 'U0CAROL']);
  });

  it('returns history newest first, honours limit/oldest, and metadata only with include_all_metadata', async () => {
    const first = await client.chat.postMessage({
      channel: incidentsId,
      text: 'one',
      metadata: { event_type: 'incident_declared', event_payload: { id: 'INC-1' } },
    });
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
    expect(withMeta.messages!.find((m) => m.ts === first.ts)?.metadata).toEqual({
      event_type: 'incident_declared',
      event_payload: { id: 'INC-1' },
    });
  });

  it('updates and pins messages, with message_not_found / already_pinned / cant_update_message', async () => {
    const posted = await client.chat.postMessage({
      channel: incidentsId,
      text: 'status: investigating',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*investigating*' } }],
    });
    await client.chat.update({
      channel: incidentsId,
      ts: posted.ts!,
      text: 'status: mitigated',
      blocks: [{ type: 'divider' }],
    });
    const stored = standin.messagesIn(incidentsId).find((m) => m.ts === posted.ts);
    expect(stored).toMatchObject({ text: 'status: mitigated', blocks: [{ type: 'divider' }] });
    expect(await slackError(client.chat.update({ channel: incidentsId, ts: '1.000001', text: 'x' }))).toBe(
      'message_not_found',
    );
    standin.workspace.messages
      .get(incidentsId)!
      .push({ type: 'message', channel: incidentsId, ts: '2.000001', text: 'human', user: 'U0ALICE' });
    expect(await slackError(client.chat.update({ channel: incidentsId, ts: '2.000001', text: 'x' }))).toBe(
      'cant_update_message',
    );

    expect(await slackError(client.pins.add({ channel: incidentsId, timestamp: posted.ts! }))).toBe('ok');
    expect(await slackError(client.pins.add({ channel: incidentsId, timestamp: posted.ts! }))).toBe('already_pinned');
    expect(await slackError(client.pins.add({ channel: incidentsId, timestamp: '3.000001' }))).toBe(
      'message_not_found',
    );
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
    expect(user).toMatchObject({
      id: 'U0ALICE',
      real_name: 'Alice Adams',
      tz: 'Europe/Berlin',
      profile: { display_name: 'ali' },
    });
    expect([3600, 7200]).toContain(user!.tz_offset);
    expect(await slackError(client.users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');
    expect((await client.usergroups.users.list({ usergroup: 'S0SRE' })).users).toEqual(['U0ALICE', 'U0BOB']);
    expect(await slackError(client.usergroups.users.list({ usergroup: 'S0NONE' }))).toBe('no_such_subteam');
  });

  it('opens and updates views, posts ephemerals, and serves 429/500 faults and rate-limit rejection', async () => {
    const opened = await client.views.open({
      trigger_id: standin.issueTriggerId(),
      view: {
        type: 'modal',
        callback_id: 'declare_modal',
        title: { type: 'plain_text', text: 'Declare' },
        blocks: [],
        private_metadata: 'm',
      },
    });
    const updated = await client.views.update({
      view_id: opened.view!.id!,
      view: {
        type: 'modal',
        callback_id: 'declare_modal',
        title: { type: 'plain_text', text: 'Declared' },
        blocks: [],
      },
    });
    expect(updated.view!.id).toBe(opened.view!.id);
    expect(
      await slackError(
        client.views.update({
          view_id: 'V0NONE',
          view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
        }),
      ),
    ).toBe('not_found');
    expect(standin.views()).toHaveLength(1);

    await client.chat.postEphemeral({ channel: incidentsId, user: 'U0ALICE', text: 'only you' });
    expect(standin.ephemeralsTo('U0ALICE').map((e) => e.text)).toEqual(['only you']);
    expect(await slackError(client.chat.postEphemeral({ channel: incidentsId, user: 'U0CAROL', text: 'x' }))).toBe(
      'user_not_in_channel',
    );

    standin.failNext('users.info', { status: 500 });
    await expect(client.users.info({ user: 'U0ALICE' })).rejects.toMatchObject({
      code: 'slack_webapi_http_error',
      statusCode: 500,
    });
    const strict = new WebClient(standin.token, {
      slackApiUrl: standin.apiUrl,
      rejectRateLimitedCalls: true,
      logLevel: WebLogLevel.ERROR,
    });
    standin.failNext('users.info', { status: 429, retryAfter: 7 });
    await expect(strict.users.info({ user: 'U0ALICE' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 7,
    });
    expect(await slackError(client.users.info({ user: 'U0ALICE' }))).toBe('ok');
    expect(
      await slackError(
        new WebClient(undefined, { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } }).auth.test(),
      ),
    ).toBe('not_authed');
  });
});

describe("Slack stand-in refuses Block Kit over Slack's limits (limits.ts)", () => {
  let standin: SlackStandin;
  let client: WebClient;
  let channel: string;

  beforeAll(async () => {
    // Rate limits off: these tests post dozens of messages to one channel at one instant, to check
    // Block Kit limits, not pacing (which the next describe block checks).
    standin = await startSlackStandin({ rateLimits: false });
    standin.addUser({ id: 'U0ALICE', name: 'alice' });
    channel = standin.addChannel({ name: 'incidents', members: ['U0ALICE'] }).id;
    client = new WebClient(standin.token, {
      slackApiUrl: standin.apiUrl,
      retryConfig: { retries: 0 },
      logLevel: WebLogLevel.ERROR,
    });
  });
  afterAll(async () => {
    await standin?.close();
  });

  /** Slack's answer: 'ok', or the error with its messages. */
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => ({ error: 'ok', messages: [] as string[] }),
      (e: { data?: { error?: string; response_metadata?: { messages?: string[] } } }) => ({
        error: e.data?.error,
        messages: e.data?.response_metadata?.messages ?? [],
      }),
    );
  const text = (n: number) => 'x'.repeat(n);
  const plain = (t: string) => ({ type: 'plain_text' as const, text: t });
  const mrkdwn = (t: string) => ({ type: 'mrkdwn' as const, text: t });
  const button = (over: Record<string, unknown> = {}) => ({
    type: 'button',
    action_id: 'b',
    text: plain('Go'),
    ...over,
  });
  const divider = { type: 'divider' };

  // Each limit: `make(limit)` is taken, `make(limit + 1)` refused with an error naming `pointer`.
  const cases: [string, number, (n: number) => unknown[], string][] = [
    ['blocks in a message', 50, (n) => Array.from({ length: n }, () => divider), '/blocks'],
    ['section text', 3000, (n) => [{ type: 'section', text: mrkdwn(text(n)) }], '/blocks/0/text/text'],
    [
      'section fields',
      10,
      (n) => [{ type: 'section', fields: Array.from({ length: n }, () => mrkdwn('f')) }],
      '/blocks/0/fields',
    ],
    ['a section field', 2000, (n) => [{ type: 'section', fields: [mrkdwn(text(n))] }], '/blocks/0/fields/0/text'],
    [
      'context elements',
      10,
      (n) => [{ type: 'context', elements: Array.from({ length: n }, () => mrkdwn('c')) }],
      '/blocks/0/elements',
    ],
    ['a context element', 2000, (n) => [{ type: 'context', elements: [mrkdwn(text(n))] }], '/blocks/0/elements/0/text'],
    ['header text', 150, (n) => [{ type: 'header', text: plain(text(n)) }], '/blocks/0/text/text'],
    [
      'actions elements',
      25,
      (n) => [{ type: 'actions', elements: Array.from({ length: n }, (_, i) => button({ action_id: `b${i}` })) }],
      '/blocks/0/elements',
    ],
    [
      'button text',
      75,
      (n) => [{ type: 'actions', elements: [button({ text: plain(text(n)) })] }],
      '/blocks/0/elements/0/text/text',
    ],
    [
      'button value',
      2000,
      (n) => [{ type: 'actions', elements: [button({ value: text(n) })] }],
      '/blocks/0/elements/0/value',
    ],
    [
      'action_id',
      255,
      (n) => [{ type: 'actions', elements: [button({ action_id: text(n) })] }],
      '/blocks/0/elements/0/action_id',
    ],
    ['block_id', 255, (n) => [{ ...divider, block_id: text(n) }], '/blocks/0/block_id'],
  ];

  it.each(cases)(
    '%s: %i is taken, one more is invalid_blocks naming the block',
    async (_what, limit, make, pointer) => {
      expect(
        (await outcome(client.chat.postMessage({ channel, text: 'fits', blocks: make(limit) as never }))).error,
      ).toBe('ok');
      const before = standin.messagesIn(channel).length;
      const refused = await outcome(
        client.chat.postMessage({ channel, text: 'over', blocks: make(limit + 1) as never }),
      );
      expect(refused.error).toBe('invalid_blocks');
      expect(refused.messages).toEqual([
        expect.stringMatching(new RegExp(`^\\[ERROR\\] .* \\[json-pointer:${pointer}\\]$`)),
      ]);
      expect(standin.messagesIn(channel)).toHaveLength(before); // nothing posted
    },
  );

  it('refuses an empty section, a duplicate block_id and a header in mrkdwn, as Slack does', async () => {
    const refused = await outcome(
      client.chat.postMessage({
        channel,
        text: 'x',
        blocks: [
          { type: 'section', text: mrkdwn('') },
          { type: 'header', text: mrkdwn('Title') },
          { type: 'divider', block_id: 'same' },
          { type: 'divider', block_id: 'same' },
        ] as never,
      }),
    );
    expect(refused).toEqual({
      error: 'invalid_blocks',
      messages: [
        '[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]',
        '[ERROR] must be plain_text [json-pointer:/blocks/1/text/type]',
        '[ERROR] duplicate block_id [json-pointer:/blocks/3/block_id]',
      ],
    });
  });

  it('refuses the same in chat.update (the message keeps its blocks) and chat.postEphemeral; text over 40,000 is msg_too_long', async () => {
    const posted = await client.chat.postMessage({
      channel,
      text: 'v1',
      blocks: [{ type: 'section', text: mrkdwn('v1') }],
    });
    const tooMany = Array.from({ length: 51 }, () => divider);
    expect((await outcome(client.chat.update({ channel, ts: posted.ts!, text: 'v2', blocks: tooMany }))).error).toBe(
      'invalid_blocks',
    );
    expect(standin.messagesIn(channel).find((m) => m.ts === posted.ts)).toMatchObject({ text: 'v1' });
    expect(
      (await outcome(client.chat.postEphemeral({ channel, user: 'U0ALICE', text: 'e', blocks: tooMany }))).error,
    ).toBe('invalid_blocks');
    expect(standin.ephemeralsTo('U0ALICE')).toHaveLength(0);
    expect((await outcome(client.chat.postMessage({ channel, text: text(40_001) }))).error).toBe('msg_too_long');
    expect((await outcome(client.chat.postMessage({ channel, text: text(40_000) }))).error).toBe('ok');
  });

  it('answers views.open/push/update/publish over the limits with invalid_arguments and the pointers', async () => {
    const modal = (over: Record<string, unknown> = {}) => ({
      type: 'modal',
      title: plain('Declare'),
      blocks: [],
      ...over,
    });
    const dividers = (n: number) => Array.from({ length: n }, () => divider);
    expect(
      (
        await outcome(
          client.views.open({ trigger_id: standin.issueTriggerId(), view: modal({ blocks: dividers(100) }) as never }),
        )
      ).error,
    ).toBe('ok');
    expect(
      await outcome(
        client.views.open({ trigger_id: standin.issueTriggerId(), view: modal({ blocks: dividers(101) }) as never }),
      ),
    ).toEqual({
      error: 'invalid_arguments',
      messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'],
    });
    expect(
      await outcome(
        client.views.push({
          trigger_id: standin.issueTriggerId(),
          view: modal({ title: plain(text(25)), submit: plain(text(25)), private_metadata: text(3001) }) as never,
        }),
      ),
    ).toEqual({
      error: 'invalid_arguments',
      messages: [
        '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
        '[ERROR] must be less than 25 characters [json-pointer:/view/submit/text]',
        '[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]',
      ],
    });
    const opened = await client.views.open({ trigger_id: standin.issueTriggerId(), view: modal() as never });
    const badSection = [{ type: 'section', text: mrkdwn(text(3001)) }];
    expect(
      await outcome(client.views.update({ view_id: opened.view!.id!, view: modal({ blocks: badSection }) as never })),
    ).toEqual({
      error: 'invalid_arguments',
      messages: ['[ERROR] must be less than 3001 characters [json-pointer:/view/blocks/0/text/text]'],
    });
    expect(
      (
        await outcome(
          client.views.publish({ user_id: 'U0ALICE', view: { type: 'home', blocks: dividers(101) } as never }),
        )
      ).error,
    ).toBe('invalid_arguments');
  });

  it('answers a response_url post over the limits with HTTP 400 invalid_blocks and shows nothing', async () => {
    const res = await fetch(standin.responseUrl('big'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x', blocks: Array.from({ length: 51 }, () => divider) }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('invalid_blocks');
    expect(standin.responses.filter((r) => r.id === 'big')).toEqual([]);
  });
});

describe("Slack stand-in: what Slack refuses (trigger ids, channels the bot can't post in, rate limits)", () => {
  let standin: SlackStandin;
  let client: WebClient;
  /** The stand-in's clock, moved by the tests as the harness moves its ManualClock. */
  let nowMs = Date.parse('2026-03-02T15:00:00Z');
  const slackError = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { data?: { error?: string }; code?: string }) =>
        e.code === 'slack_webapi_rate_limited_error' ? 'HTTP 429' : e.data?.error,
    );
  const modal = {
    type: 'modal' as const,
    callback_id: 'declare_modal',
    title: { type: 'plain_text' as const, text: 'Declare' },
    blocks: [],
  };

  beforeEach(async () => {
    nowMs = Date.parse('2026-03-02T15:00:00Z');
    standin = await startSlackStandin({ now: () => nowMs });
    standin.addUser({ id: 'U0ALICE', name: 'alice' });
    // rejectRateLimitedCalls: a 429 comes back to the test as an error, instead of a silent wait and retry.
    client = new WebClient(standin.token, {
      slackApiUrl: standin.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: WebLogLevel.ERROR,
    });
  });
  afterEach(async () => {
    await standin?.close();
  });

  it('opens one view per trigger_id, within 3 s of it being issued; unknown ids are invalid', async () => {
    const trigger = standin.issueTriggerId();
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal }))).toBe('ok');
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal }))).toBe('expired_trigger_id');
    expect(await slackError(client.views.push({ trigger_id: trigger, view: modal }))).toBe('expired_trigger_id');

    const onTime = standin.issueTriggerId();
    nowMs += 3_000;
    expect(await slackError(client.views.push({ trigger_id: onTime, view: modal }))).toBe('ok');
    const late = standin.issueTriggerId();
    nowMs += 3_001;
    expect(await slackError(client.views.open({ trigger_id: late, view: modal }))).toBe('expired_trigger_id');
    expect(await slackError(client.views.open({ trigger_id: '1.2.never-issued', view: modal }))).toBe(
      'invalid_trigger_id',
    );
    expect(standin.views()).toHaveLength(2);
  });

  it('registers the trigger ids the driver sends, so a view opens from a real request once', async () => {
    const driver = slackDriver({
      url: 'http://127.0.0.1:1/slack/events', // nothing listens: only the request's trigger_id matters here
      signingSecret: SIGNING_SECRET,
      onTriggerId: standin.issueTriggerId,
    });
    await driver.command({ text: 'x', userId: 'U0ALICE', channelId: 'C0X' }).catch(() => undefined);
    const trigger = driver.lastTriggerId!;
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal }))).toBe('ok');
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal }))).toBe('expired_trigger_id');
  });

  it('answers not_in_channel without chat:write.public, and is_archived once a channel is archived', async () => {
    const strict = await startSlackStandin({ now: () => nowMs, chatWritePublic: false });
    try {
      const strictClient = new WebClient(strict.token, { slackApiUrl: strict.apiUrl, retryConfig: { retries: 0 } });
      const outside = strict.addChannel({ name: 'outside', botIsMember: false });
      const inside = strict.addChannel({ name: 'inside' });
      expect(await slackError(strictClient.chat.postMessage({ channel: outside.id, text: 'hi' }))).toBe(
        'not_in_channel',
      );
      expect(await slackError(strictClient.chat.postMessage({ channel: inside.id, text: 'hi' }))).toBe('ok');
      strict.removeFromChannel(inside.id, strict.botUserId);
      expect(await slackError(strictClient.chat.postMessage({ channel: 'inside', text: 'hi' }))).toBe('not_in_channel');
    } finally {
      await strict.close();
    }
    // The default stand-in's bot has chat:write.public: a public channel it has not joined is fine.
    const outside = standin.addChannel({ name: 'outside', botIsMember: false });
    expect(await slackError(client.chat.postMessage({ channel: outside.id, text: 'hi' }))).toBe('ok');

    const archived = standin.addChannel({ name: 'old-incidents' });
    standin.archiveChannel(archived.id);
    expect(await slackError(client.chat.postMessage({ channel: archived.id, text: 'hi' }))).toBe('is_archived');
    const viaApi = standin.addChannel({ name: 'archived-by-api' });
    expect(await slackError(client.conversations.archive({ channel: viaApi.id }))).toBe('ok');
    expect(await slackError(client.chat.postMessage({ channel: 'archived-by-api', text: 'hi' }))).toBe('is_archived');
    expect(standin.messagesIn(archived.id)).toHaveLength(0);
  });

  it('limits a Tier 2 method to 20 at once, then one per 3 s of its clock, with 429 + Retry-After', async () => {
    const outcomes = [];
    for (let i = 0; i < 21; i++) outcomes.push(await slackError(client.conversations.list()));
    expect(outcomes.slice(0, 20)).toEqual(Array(20).fill('ok'));
    expect(outcomes[20]).toBe('HTTP 429');
    const refused = standin.callsTo('conversations.list').at(-1)!;
    expect(refused).toMatchObject({ status: 429, response: { ok: false, error: 'ratelimited' } });
    // The Retry-After header reaches the client as retryAfter (seconds): a token every 60/20 = 3 s.
    await expect(client.conversations.list()).rejects.toMatchObject({ retryAfter: 3 });
    // Per method: another Tier 2 method is not affected.
    expect(await slackError(client.pins.list({ channel: standin.addChannel({ name: 'p' }).id }))).toBe('ok');
    nowMs += 2_999;
    expect(await slackError(client.conversations.list())).toBe('HTTP 429');
    nowMs += 1;
    expect(await slackError(client.conversations.list())).toBe('ok');
    expect(await slackError(client.conversations.list())).toBe('HTTP 429');
    // A minute refills the whole burst.
    nowMs += 60_000;
    for (let i = 0; i < 20; i++) expect(await slackError(client.conversations.list())).toBe('ok');
  });

  it('limits Tier 3 and Tier 4 methods to 50 and 100 at once', async () => {
    const burst = async (call: () => Promise<unknown>, n: number) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push(await slackError(call()));
      return out.filter((o) => o === 'ok').length;
    };
    expect(await burst(() => client.conversations.open({ users: 'U0ALICE' }), 51)).toBe(50);
    expect(await burst(() => client.users.info({ user: 'U0ALICE' }), 101)).toBe(100);
  });

  it('paces chat.postMessage per channel: a burst of 5, then 1 per second; other channels unaffected', async () => {
    const a = standin.addChannel({ name: 'a' });
    const b = standin.addChannel({ name: 'b' });
    const post = (channel: string) => slackError(client.chat.postMessage({ channel, text: 'x' }));
    for (let i = 0; i < 5; i++) expect(await post(a.id)).toBe('ok');
    // By name or by id, it is the same channel.
    expect(await post('a')).toBe('HTTP 429');
    await expect(client.chat.postMessage({ channel: a.id, text: 'x' })).rejects.toMatchObject({ retryAfter: 1 });
    expect(await post(b.id)).toBe('ok');
    nowMs += 1_000;
    expect(await post(a.id)).toBe('ok');
    expect(await post(a.id)).toBe('HTTP 429');
    expect(standin.messagesIn(a.id)).toHaveLength(6);
  });

  it('enforces no limits with rateLimits: false', async () => {
    // This test is about the switch itself.
    const unlimited = await startSlackStandin({ now: () => nowMs, rateLimits: false });
    try {
      const c = new WebClient(unlimited.token, { slackApiUrl: unlimited.apiUrl, rejectRateLimitedCalls: true });
      const ch = unlimited.addChannel({ name: 'a' });
      for (let i = 0; i < 30; i++) await c.chat.postMessage({ channel: ch.id, text: 'x' });
      expect(unlimited.messagesIn(ch.id)).toHaveLength(30);
    } finally {
      await unlimited.close();
    }
  });
});

describe('Slack stand-in file uploads (files.getUploadURLExternal → upload URL → files.completeUploadExternal)', () => {
  let standin: SlackStandin;
  let client: WebClient;
  let incidentsId: string;

  beforeAll(async () => {
    standin = await startSlackStandin();
    standin.addUser({ id: 'U0ALICE', name: 'alice' });
    incidentsId = standin.addChannel({ name: 'incidents', members: ['U0ALICE'] }).id;
    // Silent: the WebClient logs Slack's response_metadata messages at error level, and these tests provoke them.
    const quiet = {
      debug() {},
      info() {},
      warn() {},
      error() {},
      setLevel() {},
      getLevel: () => WebLogLevel.ERROR,
      setName() {},
    };
    client = new WebClient(standin.token, { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
  });

  beforeEach(() => standin.reset());

  afterAll(async () => {
    await standin?.close();
  });

  const slackError = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { data?: { error?: string } }) => e.data?.error,
    );
  const postBytes = (url: string, body: string | FormData, contentType?: string) =>
    fetch(url, { method: 'POST', body, headers: contentType ? { 'Content-Type': contentType } : {} }).then(
      async (r) => ({ status: r.status, text: await r.text() }),
    );

  it("round-trips WebClient.filesUploadV2: a message with the file in the channel's history", async () => {
    const timeline = '# INC-12 timeline\n10:02 paged\n10:09 mitigated\n';
    const result = await client.filesUploadV2({
      channel_id: incidentsId,
      initial_comment: 'Postmortem draft for INC-12',
      content: timeline,
      filename: 'inc-12-timeline.md',
      title: 'INC-12 timeline',
    });
    expect(result.ok).toBe(true);

    const [shared] = standin.filesIn(incidentsId);
    expect(shared).toEqual({
      id: expect.stringMatching(/^F/),
      title: 'INC-12 timeline',
      name: 'inc-12-timeline.md',
      content: timeline,
      messageTs: expect.any(String),
    });
    // The WebClient sent its bytes as multipart (a part named `body`), through the upload URL.
    expect(standin.callsTo(UPLOAD_URL)).toEqual([
      expect.objectContaining({
        status: 200,
        args: expect.objectContaining({
          file_id: shared.id,
          content_type: expect.stringMatching(/^multipart\/form-data/),
        }),
      }),
    ]);
    expect(standin.callsTo('files.completeUploadExternal')[0].response).toEqual({
      ok: true,
      files: [{ id: shared.id, title: 'INC-12 timeline' }],
    });

    const { messages } = await client.conversations.history({ channel: incidentsId, limit: 1 });
    expect(messages![0]).toMatchObject({
      ts: shared.messageTs,
      text: 'Postmortem draft for INC-12',
      user: standin.botUserId,
      upload: true,
      files: [
        {
          id: shared.id,
          name: 'inc-12-timeline.md',
          title: 'INC-12 timeline',
          filetype: 'markdown',
          size: Buffer.byteLength(timeline),
        },
      ],
    });
    expect(standin.file(shared.id)).toMatchObject({
      completed: true,
      shares: [{ channel: incidentsId, ts: shared.messageTs }],
    });
  });

  it('takes raw bytes or a multipart `file` field at the upload URL, answering "OK - <length>"', async () => {
    const raw = await client.files.getUploadURLExternal({ filename: 'raw.txt', length: 5 });
    expect(raw).toMatchObject({
      ok: true,
      file_id: expect.stringMatching(/^F/),
      upload_url: `${standin.baseUrl}/upload/v1/${raw.file_id}`,
    });
    expect(await postBytes(raw.upload_url!, 'hello', 'application/octet-stream')).toEqual({
      status: 200,
      text: 'OK - 5',
    });

    const form = new FormData();
    form.append('filename', 'ignored-text-field');
    form.append('file', new Blob(['multi\npart']), 'form.txt');
    const multi = await client.files.getUploadURLExternal({ filename: 'form.txt', length: 10 });
    expect(await postBytes(multi.upload_url!, form)).toEqual({ status: 200, text: 'OK - 10' });

    await client.files.completeUploadExternal({
      files: [{ id: raw.file_id! }, { id: multi.file_id!, title: 'Form' }],
      channel_id: incidentsId,
    });
    const shared = standin.filesIn(incidentsId).slice(-2);
    expect(shared.map((f) => [f.title, f.content])).toEqual([
      ['raw.txt', 'hello'],
      ['Form', 'multi\npart'],
    ]);
    expect(shared[0].messageTs).toBe(shared[1].messageTs);
    expect(standin.messagesIn(incidentsId).at(-1)).toMatchObject({
      text: '',
      files: [{ id: raw.file_id }, { id: multi.file_id }],
    });
  });

  it('keeps a file private without channel_id, and threads it with thread_ts', async () => {
    const parent = await client.chat.postMessage({ channel: incidentsId, text: 'INC-13' });
    const before = standin.messagesIn(incidentsId).length;
    const quiet = await client.filesUploadV2({ content: 'private', filename: 'p.txt' });
    expect(quiet.ok).toBe(true);
    expect(standin.messagesIn(incidentsId)).toHaveLength(before);

    await client.filesUploadV2({
      channel_id: incidentsId,
      thread_ts: parent.ts!,
      content: 'in thread',
      filename: 't.txt',
    });
    expect(standin.messagesIn(incidentsId).at(-1)).toMatchObject({ thread_ts: parent.ts, files: [{ name: 't.txt' }] });
  });

  it("answers Slack's error codes", async () => {
    expect(await slackError(client.apiCall('files.getUploadURLExternal', { length: 5 }))).toBe('invalid_arguments');
    expect(await slackError(client.apiCall('files.getUploadURLExternal', { filename: 'a.txt' }))).toBe(
      'invalid_arguments',
    );
    expect(await slackError(client.files.getUploadURLExternal({ filename: 'a.txt', length: 0 }))).toBe(
      'missing_argument',
    );
    expect(
      await slackError(client.files.getUploadURLExternal({ filename: 'a.png', length: 1, alt_text: 'x'.repeat(1001) })),
    ).toBe('alt_txt_too_large');

    expect(await slackError(client.files.completeUploadExternal({ files: [{ id: 'F0NOSUCHFILE' }] }))).toBe(
      'file_not_found',
    );
    expect(await slackError(client.apiCall('files.completeUploadExternal', { files: '[]' }))).toBe('invalid_arguments');
    expect(await slackError(client.apiCall('files.completeUploadExternal', { files: 'not json' }))).toBe(
      'invalid_arguments',
    );

    const { file_id, upload_url } = await client.files.getUploadURLExternal({ filename: 'b.txt', length: 3 });
    expect(
      await slackError(client.files.completeUploadExternal({ files: [{ id: file_id! }], channel_id: incidentsId })),
    ).toBe('file_upload_not_completed');
    await postBytes(upload_url!, 'abc');
    expect(
      await slackError(client.files.completeUploadExternal({ files: [{ id: file_id! }], channel_id: 'C0MISSING' })),
    ).toBe('channel_not_found');
    const outside = standin.addChannel({ name: 'no-bot-here', members: ['U0ALICE'], botIsMember: false });
    expect(
      await slackError(client.files.completeUploadExternal({ files: [{ id: file_id! }], channel_id: outside.id })),
    ).toBe('not_in_channel');
    expect(standin.file(file_id!)?.completed).toBe(false);

    expect(
      await slackError(client.files.completeUploadExternal({ files: [{ id: file_id! }], channel_id: incidentsId })),
    ).toBe('ok');
    // Slack finishes an upload once: the ticket is spent, and so is its upload URL.
    expect(
      await slackError(client.files.completeUploadExternal({ files: [{ id: file_id! }], channel_id: incidentsId })),
    ).toBe('file_not_found');
    expect(await postBytes(upload_url!, 'again')).toEqual({ status: 404, text: 'Not Found' });
    expect(await postBytes(`${standin.baseUrl}/upload/v1/F0NOSUCHFILE`, 'x')).toMatchObject({ status: 404 });
  });

  it('fails and holds the upload methods and the upload URL like any other call', async () => {
    standin.failNext('files.getUploadURLExternal', { status: 500 });
    await expect(
      client.filesUploadV2({ channel_id: incidentsId, content: 'x', filename: 'x.txt' }),
    ).rejects.toMatchObject({ statusCode: 500 });

    standin.failNext(UPLOAD_URL, { status: 503 });
    await expect(client.filesUploadV2({ channel_id: incidentsId, content: 'x', filename: 'x.txt' })).rejects.toThrow();
    expect(standin.callsTo(UPLOAD_URL).map((c) => c.status)).toEqual([503]);

    standin.failNext('files.completeUploadExternal', { error: 'channel_not_found' });
    expect(await slackError(client.filesUploadV2({ channel_id: incidentsId, content: 'x', filename: 'x.txt' }))).toBe(
      'channel_not_found',
    );
    expect(standin.filesIn(incidentsId).filter((f) => f.name === 'x.txt')).toHaveLength(0);

    const hold = standin.holdResponses('files.completeUploadExternal');
    let settled = false;
    const upload = client
      .filesUploadV2({ channel_id: incidentsId, content: 'slow', filename: 'slow.txt' })
      .finally(() => (settled = true));
    await standin.waitFor(() => hold.held() === 1, { what: 'a held completeUploadExternal' });
    expect(standin.filesIn(incidentsId).at(-1)).toMatchObject({ name: 'slow.txt', content: 'slow' });
    expect(settled).toBe(false);
    hold.release();
    await expect(upload).resolves.toMatchObject({ ok: true });
  });
});

describe('Slack driver wire format (captured before any framework reads it)', () => {
  interface Captured {
    headers: IncomingHttpHeaders;
    raw: string;
  }
  let server: Server;
  let captured: Captured[];
  let driver: SlackDriver;

  beforeAll(async () => {
    captured = [];
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        captured.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    driver = slackDriver({
      url: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      teamId: 'T0WIRE',
      botUserId: 'U0WIREBOT',
    });
  });

  beforeEach(() => {
    captured.length = 0;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const signatureOf = (c: Captured) =>
    slackSignature(SIGNING_SECRET, Number(c.headers['x-slack-request-timestamp']), c.raw);

  it('sends an event callback as signed JSON in the Events API envelope, with retry headers on a retry', async () => {
    const event = reactionAdded({
      user: 'U0BOB',
      reaction: 'eyes',
      channel: 'C0WIRE',
      ts: '1700000000.000300',
      itemUser: 'U0ALICE',
      eventTs: '1700000001.000400',
    });
    const first = await driver.event(event);
    await driver.event(event, { retryNum: 3, retryReason: 'http_error' });

    const [sent, retried] = captured;
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers['x-slack-signature']).toBe(signatureOf(sent));
    expect(Math.abs(Number(sent.headers['x-slack-request-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(sent.headers).not.toHaveProperty('x-slack-retry-num');
    expect(JSON.parse(sent.raw)).toEqual({
      token: expect.any(String),
      team_id: 'T0WIRE',
      context_team_id: 'T0WIRE',
      context_enterprise_id: null,
      api_app_id: 'A0APP00001',
      event,
      type: 'event_callback',
      event_id: first.eventId,
      event_time: expect.any(Number),
      authorizations: [
        { enterprise_id: null, team_id: 'T0WIRE', user_id: 'U0WIREBOT', is_bot: true, is_enterprise_install: false },
      ],
      is_ext_shared_channel: false,
      event_context: expect.any(String),
    });
    expect(first.eventId).toMatch(/^Ev[0-9A-Z]+$/);

    expect(retried.headers['x-slack-signature']).toBe(signatureOf(retried));
    expect(retried.headers['x-slack-retry-num']).toBe('3');
    expect(retried.headers['x-slack-retry-reason']).toBe('http_error');
    expect(JSON.parse(retried.raw)).toMatchObject({ event_id: first.eventId, event });
  });

  it('builds pin_added in the shape Slack documents', () => {
    const event = pinAdded({
      user: 'U0ALICE',
      channelId: 'C0WIRE',
      message: {
        type: 'message',
        channel: 'C0WIRE',
        ts: '1700000000.000500',
        text: 'Status: mitigated',
        user: 'U0BOT00001',
        bot_id: 'B0BOT00001',
      },
      created: 1700000100,
      eventTs: '1700000100.000600',
    });
    expect(event).toEqual({
      type: 'pin_added',
      user: 'U0ALICE',
      channel_id: 'C0WIRE',
      item: {
        type: 'message',
        channel: 'C0WIRE',
        message: {
          type: 'message',
          ts: '1700000000.000500',
          text: 'Status: mitigated',
          user: 'U0BOT00001',
          bot_id: 'B0BOT00001',
          permalink: 'https://test-workspace.slack.com/archives/C0WIRE/p1700000000000500',
          pinned_to: ['C0WIRE'],
        },
        created: 1700000100,
        created_by: 'U0ALICE',
      },
      item_user: 'U0BOT00001',
      pin_count: '1',
      pinned_info: { channel: 'C0WIRE', pinned_by: 'U0ALICE', pinned_ts: 1700000100 },
      event_ts: '1700000100.000600',
    });
  });

  it('sends a message shortcut as a signed form with a message_action payload', async () => {
    await driver.messageShortcut({
      callbackId: 'declare_from_message',
      userId: 'U0ALICE',
      channelId: 'C0WIRE',
      message: { ts: '1700000000.000700', text: 'db is down', user: 'U0BOB' },
      responseUrl: 'http://127.0.0.1:1/response/x',
    });

    const [sent] = captured;
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent.headers['x-slack-signature']).toBe(signatureOf(sent));
    const form = new URLSearchParams(sent.raw);
    expect([...form.keys()]).toEqual(['payload']);
    expect(JSON.parse(form.get('payload')!)).toEqual({
      type: 'message_action',
      token: expect.any(String),
      action_ts: expect.stringMatching(/^\d+\.\d{6}$/),
      team: { id: 'T0WIRE', domain: 'test-workspace' },
      user: { id: 'U0ALICE', username: 'u0alice', name: 'u0alice', team_id: 'T0WIRE' },
      channel: { id: 'C0WIRE', name: 'general' },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: 'declare_from_message',
      trigger_id: driver.lastTriggerId,
      response_url: 'http://127.0.0.1:1/response/x',
      message_ts: '1700000000.000700',
      message: { type: 'message', ts: '1700000000.000700', text: 'db is down', user: 'U0BOB', team: 'T0WIRE' },
    });
  });
});
