/**
 * Socket Mode, end to end: the app started with an app-level token opens its WebSocket through
 * apps.connections.open, takes slash commands, button presses and events as envelopes from the Socket
 * Mode stand-in, acks each by envelope_id, and still serves /healthz and /metrics on PORT. The clock
 * starts on Wednesday 2026-03-04 09:00 Chicago: the fixture policy's primary on-call is U0CCC.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { ManualClock, MINUTE } from '../support/clock';
import { reactionAdded } from '../../src/slackSimulator/driver';
import { eventually } from '../support/eventually';
import type { SocketModeStandin } from '../support/slack/socketMode';
import { WebSocket } from 'ws';

const START = '2026-03-04T15:00:00Z';

describe('Socket Mode', () => {
  let h: Harness;
  let socket: SocketModeStandin;
  beforeEach(async () => {
    h = await startHarness({ clock: new ManualClock(START), socketMode: true });
    socket = h.socket!;
  });
  afterEach(async () => h.stop());

  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${h.app.port}${path}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };
  const pageDms = (user: string) =>
    h.slack
      .dmsTo(user)
      .filter(
        (m) =>
          JSON.stringify(m.blocks ?? []).includes('page_acknowledge') ||
          /Acknowledged by/.test(JSON.stringify(m.blocks ?? [])),
      );
  const responseTo = (id: string) =>
    h.slack.waitFor(() => h.slack.responses.find((r) => r.id === id), { what: `the response_url post ${id}` });

  it('connects with the app-level token through apps.connections.open, and the stand-in checks that token', async () => {
    const opens = h.slack.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0].response).toMatchObject({ ok: true });
    expect(String(opens[0].response!.url)).toMatch(
      new RegExp(`^${socket.baseUrl}/link/\\?ticket=[0-9a-f-]{36}&app_id=${h.slack.appId}$`),
    );
    expect(socket.connections).toHaveLength(1);
    expect(socket.connections[0].open).toBe(true);

    // The stand-in tells the tokens apart as Slack does, so the ok above means the app sent its xapp- token.
    const call = async (method: string, token?: string) =>
      (await (
        await fetch(`${h.slack.apiUrl}${method}`, {
          method: 'POST',
          headers: token ? { Authorization: `Bearer ${token}` } : {},
        })
      ).json()) as { ok: boolean; error?: string };
    expect(h.slack.appToken).toMatch(/^xapp-/);
    expect(await call('apps.connections.open', h.slack.token)).toEqual({ ok: false, error: 'not_allowed_token_type' });
    expect(await call('apps.connections.open')).toEqual({ ok: false, error: 'not_authed' });
    expect(await call('apps.connections.open', 'xapp-1-A0OTHER-1-nope')).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await call('auth.test', h.slack.appToken)).toEqual({ ok: false, error: 'not_allowed_token_type' });
    // Each URL takes one connection: a second use of the app's ticket is refused at the handshake.
    const handshake = (url: string) =>
      new Promise<number>((resolve) => {
        const client = new WebSocket(url);
        client.on('error', () => undefined);
        client.on('open', () => {
          resolve(101);
          client.terminate();
        });
        client.on('unexpected-response', (req, res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
      });
    expect(await handshake(String(opens[0].response!.url))).toBe(401);
    expect(await handshake(`${socket.baseUrl}/link/?ticket=made-up&app_id=${h.slack.appId}`)).toBe(401);
    expect(socket.connections).toHaveLength(1);
  });

  it("declares from /incident create over the socket, pages the on-call, and takes the page DM's Acknowledge button", async () => {
    const declared = await socket.command({
      text: 'create "Payments down" severity=1',
      userId: PEOPLE.alice,
      channelId: h.channels.general,
      responseUrl: h.slack.responseUrl('declare'),
    });
    // Acked over the socket by the envelope's own id, empty: the work and its answer come after the ack. In time,
    // too: the stand-in rejects an envelope not acked within Slack's 3 s (the HTTP ack's latency under load is the bench's figure, `npm run bench` 3).
    expect(declared.envelope.type).toBe('slash_commands');
    expect(declared.envelope.accepts_response_payload).toBe(true);
    expect(declared.envelopeId).toBe(declared.envelope.envelope_id);
    expect(socket.envelopes.map((e) => e.envelope_id)).toEqual([declared.envelopeId]);
    expect(declared.payload).toEqual({});
    expect(socket.stray).toEqual([]);
    expect(((await responseTo('declare')).body as { text: string }).text).toMatch(/Declared incident #1 \(SEV1\)/);
    await h.settle();

    const channel = h.slack.channelByName('incident-20260304-payments-down');
    expect(channel).toBeDefined();
    expect(channel!.members).toContain(PEOPLE.alice);
    const pins = h.slack.pinsIn(channel!.id);
    expect(pins).toHaveLength(1);
    expect(JSON.stringify(pins[0].blocks)).toContain('Payments down');
    expect(JSON.stringify(pins[0].blocks)).toContain('SEV1');
    const announcement = h.slack
      .messagesIn(h.channels.incidents)
      .map((m) => m.text)
      .join('\n');
    expect(announcement).toContain(`<#${channel!.id}>`);
    expect(announcement).toContain('SEV1 incident declared');
    const incident = await h.db.prisma.incident.findFirstOrThrow();
    expect(incident).toMatchObject({
      title: 'Payments down',
      severity: 'SEV1',
      channelId: channel!.id,
      state: 'open',
      acknowledgedAt: null,
    });

    // The on-call (primary: U0CCC this week) is paged by DM, with the buttons.
    expect(pageDms(PEOPLE.ccc)).toHaveLength(1);
    const dm = pageDms(PEOPLE.ccc)[0];
    expect(JSON.stringify(dm.blocks)).toContain('SEV1 · Incident #1: Payments down');
    const channelText = () =>
      h.slack
        .messagesIn(channel!.id)
        .map((m) => m.text ?? '')
        .join('\n');
    expect(channelText()).toContain(`Paged <@${PEOPLE.ccc}> — level 1.`);
    const button = (dm.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.action_id === 'page_acknowledge')!;

    // Two minutes later the on-call presses Acknowledge: an `interactive` envelope.
    await h.advance(2 * MINUTE);
    const pressed = await socket.blockAction({
      userId: PEOPLE.ccc,
      actionId: 'page_acknowledge',
      value: button.value,
      channelId: dm.channel,
      message: { ts: dm.ts, text: dm.text, blocks: dm.blocks as unknown[] },
      responseUrl: h.slack.responseUrl('ack'),
    });
    expect(pressed.envelope.type).toBe('interactive');
    expect(pressed.envelope.payload.type).toBe('block_actions');
    expect(pressed.envelope.accepts_response_payload).toBe(true);
    expect(pressed.envelopeId).toBe(pressed.envelope.envelope_id);
    expect(pressed.envelopeId).not.toBe(declared.envelopeId);
    expect(pressed.payload).toEqual({});
    expect(((await responseTo('ack')).body as { text: string }).text).toMatch(/You acknowledged page #1/);
    await h.settle();

    expect(JSON.stringify(pageDms(PEOPLE.ccc)[0].blocks)).toContain(`Acknowledged by <@${PEOPLE.ccc}> at`);
    expect(JSON.stringify(pageDms(PEOPLE.ccc)[0].blocks)).not.toContain('page_acknowledge');
    expect(channelText().match(/acknowledged the page/g)).toHaveLength(1);
    expect((await h.db.prisma.incident.findFirstOrThrow()).acknowledgedAt!.toISOString()).toBe(
      '2026-03-04T15:02:00.000Z',
    );
    // Acknowledged, so nobody at level 2 is paged when its timeout passes.
    await h.advance(10 * MINUTE);
    expect(pageDms(PEOPLE.aaa)).toHaveLength(0);

    // The health server on PORT is the only HTTP there is in Socket Mode.
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/^incident_bot_acknowledgements_total\{source="dm"\} 1$/m);
    expect(metrics.text).toMatch(/^incident_bot_page_dms_total\{outcome="delivered"\} 1$/m);
    expect(socket.acks.map((a) => a.envelopeId)).toEqual([declared.envelopeId, pressed.envelopeId]);
    expect(socket.stray).toEqual([]);
  });

  it('answers a mistake in the ack itself, ephemerally, and declares nothing', async () => {
    const ack = await socket.command({
      text: 'create "DB down" severity=9',
      userId: PEOPLE.alice,
      channelId: h.channels.general,
    });
    expect(ack.payload).toEqual({
      response_type: 'ephemeral',
      text: expect.stringMatching(/"9" is not a severity\. Valid: SEV1 \(1, P1, critical\)/),
    });
    // The harness's command() goes down the same socket in Socket Mode.
    expect(
      (await h.command({ text: 'create DB down severity=1', userId: PEOPLE.alice, channelId: h.channels.general }))
        .text,
    ).toMatch(/Put the title in quotes/);
    expect(socket.acks).toHaveLength(2);
    await h.settle();
    expect(await h.db.prisma.incident.count()).toBe(0);
    expect(h.slack.callsTo('conversations.create')).toHaveLength(0);
  });

  it('acks an events_api envelope (📌 on a message) and records the capture once across a retry', async () => {
    await h.command({ text: 'create "Checkout slow" severity=3', userId: PEOPLE.alice, channelId: h.channels.general });
    await h.settle();
    const channelId = (await h.db.prisma.incident.findFirstOrThrow()).channelId!;
    const message = h.slack.userSays(channelId, PEOPLE.bob, 'p99 back to 300ms after rollback');
    const pin = reactionAdded({
      user: PEOPLE.carol,
      reaction: 'pushpin',
      channel: channelId,
      ts: message.ts,
      itemUser: PEOPLE.bob,
    });
    const first = await socket.event(pin);
    expect(first.envelope).toMatchObject({
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
    });
    expect(first.envelope.payload).toMatchObject({
      type: 'event_callback',
      event_id: first.eventId,
      event: { type: 'reaction_added', reaction: 'pushpin' },
    });
    expect(first.payload).toEqual({});
    const retry = await socket.event(pin, { retryNum: 1, retryReason: 'timeout', eventId: first.eventId });
    expect(retry.envelope).toMatchObject({ retry_attempt: 1, retry_reason: 'timeout' });
    const captured = () => h.db.prisma.timelineEvent.findMany({ where: { kind: 'captured' } });
    await eventually(async () => (await captured()).length > 0, 'the capture to be recorded');
    await h.settle();
    expect(await captured()).toHaveLength(1);
    expect((await captured())[0]).toMatchObject({ actorId: PEOPLE.bob, sourceTs: message.ts });
  });

  it('serves /healthz and /metrics on PORT, and no /slack/events (nothing comes over HTTP)', async () => {
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ ok: true, database: 'up' });
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('# TYPE incident_bot_open_incidents gauge');
    expect(
      (
        await h.driver.command({
          text: 'create "Over HTTP" severity=1',
          userId: PEOPLE.alice,
          channelId: h.channels.general,
        })
      ).status,
    ).toBe(404);
  });

  it('leaves an unhandled envelope unacked, and the stand-in says so', async () => {
    await expect(
      socket.command(
        { command: '/no-such-command', text: '', userId: PEOPLE.alice, channelId: h.channels.general },
        { ackTimeoutMs: 500 },
      ),
    ).rejects.toThrow(/no ack for slash_commands envelope [0-9a-f-]{36} within 500 ms/);
    expect(socket.acks).toHaveLength(0);
  });

  it('comes back through apps.connections.open after Slack asks it to reconnect (disconnect: refresh_requested)', async () => {
    socket.disconnect('refresh_requested');
    // The client closes its socket, waits (the Socket Mode client's own back-off, ~5 s), and reconnects with a new ticket.
    const second = await socket.waitForConnection(2, { timeoutMs: 15_000 });
    expect(socket.connections[0].open).toBe(false);
    expect(socket.connections[0].closeCode).toBe(1000);
    expect(second.open).toBe(true);
    const opens = h.slack.callsTo('apps.connections.open');
    expect(opens).toHaveLength(2);
    expect(opens[1].response!.url).not.toBe(opens[0].response!.url);
    const ack = await socket.command({
      text: 'create "After reconnect" severity=4',
      userId: PEOPLE.alice,
      channelId: h.channels.general,
      responseUrl: h.slack.responseUrl('after'),
    });
    expect(ack.connectionId).toBe(second.id);
    expect(((await responseTo('after')).body as { text: string }).text).toMatch(/Declared incident #1 \(SEV4\)/);
  }, 30_000);
});
