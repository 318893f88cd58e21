/**
 * The local Slack's JSON API against the real bot: the example policy, real Postgres, the bot's HTTP
 * receiver, and only the page's routes to act and look. Each check is about what a person would see
 * in the page: channels, messages, ephemerals, buttons, modals, the clock.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startApp, type RunningApp } from '../../src/app/app';
import { ShiftableClock } from '../../src/common/clock';
import { createLogger } from '../../src/common/logger';
import { parsePolicy } from '../../src/config/policy';
import type { MessageView, Person, StateSnapshot } from '../../src/localSlack/api';
import { startLocalSlack, type LocalSlack } from '../../src/localSlack/start';
import { loadSchedules } from '../../src/schedules/storedOverrides';
import { createTestDatabase, type TestDatabase } from '../support/db';

const ALERT_TOKEN_ENV = 'LOCAL_SLACK_TEST_ALERTS_TOKEN';
const REPORTER = 'U0REPORTER';

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T & { ok?: boolean; error?: string };
}

type Button = { type: 'button'; action_id: string; value?: string; text: { text: string } };
type Block = { type: string; block_id?: string; elements?: unknown[]; text?: { text?: string } };

/** Every button in a message's blocks, with the block it sits in. */
function buttonsIn(blocks: unknown[] | undefined): { blockId: string; button: Button }[] {
  return ((blocks ?? []) as Block[]).flatMap((b) =>
    ((b.elements ?? []) as Button[])
      .filter((e) => e.type === 'button')
      .map((button) => ({ blockId: b.block_id ?? '', button })),
  );
}

/** What a person reads in a message: its text and its blocks' text. */
const shownText = (m: MessageView) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`;

describe('the local Slack API, with the real bot behind it', () => {
  let db: TestDatabase;
  let clock: ShiftableClock;
  let local: LocalSlack;
  let app: RunningApp;
  let baseUrl: string;

  const settle = () => app.runner.drain();

  const call = async <T = Record<string, unknown>>(route: string, body?: unknown): Promise<Answer<T>> => {
    const res = await fetch(`${baseUrl}${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Answer<T>['body'] };
  };
  const state = async (as: string, view = '') => {
    const res = await call<StateSnapshot>(`/api/state?as=${as}&view=${encodeURIComponent(view)}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Settles the bot's outbox and looks again until `find` sees what it waits for. */
  const until = async <T>(what: string, find: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await settle();
      const found = await find();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`not seen within ${timeoutMs} ms: ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const channelNamed = async (as: string, name: string | RegExp) => {
    const s = await state(as);
    return s.channels.find((c) => (typeof name === 'string' ? c.name === name : name.test(c.name)));
  };
  const personWithRole = async (role: string): Promise<Person> => {
    const found = (await state(REPORTER)).people.find((p) => p.role === role);
    if (!found) throw new Error(`nobody is "${role}"`);
    return found;
  };
  const dmOf = async (as: string) => {
    const s = await state(as);
    return state(as, s.dms[0].id);
  };
  const messagesIn = async (as: string, view: string) => {
    const s = await state(as, view);
    if (s.view.kind !== 'channel' && s.view.kind !== 'dm') throw new Error(`${view} is not a conversation ${as} sees`);
    return s.view;
  };

  beforeAll(async () => {
    process.env[ALERT_TOKEN_ENV] = 'local-slack-test-alert-token';
    const file = path.join(__dirname, '../../incident.config.example.yml');
    const raw = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
    raw.alerts = {
      prometheus: {
        format: 'alertmanager',
        token_env: ALERT_TOKEN_ENV,
        channel: 'alerts',
        routes: { critical: { policy: 'critical' } },
      },
    };
    const config = parsePolicy(raw, file);
    const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    clock = new ShiftableClock();
    db = await createTestDatabase();
    local = await startLocalSlack({ port: 0, clock, config, log });
    baseUrl = local.url.replace(/\/$/, '');

    // Nothing to send to yet: the page is told to wait, not shown a failure.
    const early = await call('/api/send', {
      as: REPORTER,
      channel: (await channelNamed(REPORTER, 'incidents'))!.id,
      text: '/incident help',
    });
    expect(early).toEqual({ status: 503, body: { ok: false, error: 'the bot is still starting' } });

    app = await startApp({
      env: { ...local.slackEnv, SLACK_APP_TOKEN: undefined, PORT: 0 },
      config,
      databaseUrl: db.url,
      log,
      clock,
      host: '127.0.0.1',
      startRunner: false,
      slackMaxInlineWaitMs: 0,
    });
    const botUrl = `http://127.0.0.1:${app.port}`;
    local.connect({
      eventsUrl: `${botUrl}/slack/events`,
      botUrl,
      kick: () => app.runner.kick(),
      keptIncidents: 0,
      schedules: (now) => loadSchedules(app.deps, now),
    });
  });

  afterAll(async () => {
    await app?.stop();
    await local?.close();
    await db?.drop();
    delete process.env[ALERT_TOKEN_ENV];
  });

  it('listens on 127.0.0.1 only, serves no file outside its page, and refuses strangers', async () => {
    expect(new URL(local.url).hostname).toBe('127.0.0.1');
    const port = Number(new URL(local.url).port);
    const elsewhere = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (elsewhere) {
      const reached = await fetch(`http://${elsewhere.address}:${port}/api/state?as=${REPORTER}`).then(
        () => true,
        () => false,
      );
      expect(reached).toBe(false);
    }

    const raw = (p: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: p }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        req.end();
      });
    const climbing = await raw('/assets/../api.ts');
    expect(climbing.status).toBe(400);
    expect(climbing.text).not.toContain('StateSnapshot');
    expect((await raw('/assets/%2e%2e/api.ts')).status).toBe(400);
    expect((await raw('/assets/.env')).status).toBe(404);
    expect((await raw('/assets/api.ts')).status).toBe(404);

    const stranger = await call(`/api/state?as=U0NOBODY`);
    expect(stranger.status).toBe(400);
    expect(stranger.body.error).toMatch(/U0NOBODY/);
    const incidents = (await channelNamed(REPORTER, 'incidents'))!;
    const strangerSends = await call('/api/send', { as: 'U0NOBODY', channel: incidents.id, text: 'hi' });
    expect(strangerSends.status).toBe(400);
    const notJson = await fetch(`${baseUrl}/api/send`, { method: 'POST', body: 'as=U0REPORTER&text=hi' });
    expect(notJson.status).toBe(415);
  });

  it('seeds the people and channels of the policy, with their roles now', async () => {
    const s = await state(REPORTER);
    expect(s.people[0]).toMatchObject({ id: REPORTER, name: 'riley', role: 'reporter' });
    expect(s.people.filter((p) => p.role === 'primary on call now')).toHaveLength(1);
    expect(s.people.find((p) => p.id === 'U0MANAGER')).toMatchObject({ name: 'morgan', role: 'manager' });
    expect(s.channels.map((c) => c.name)).toEqual(['alerts', 'engineering', 'general', 'incidents']);
    expect(s.dms).toEqual([
      { id: expect.any(String), userId: s.workspace.botUserId, name: 'incident-bot', latestTs: null },
    ]);
    expect(s.workspace.name).toBe('Local Slack');
    expect(s.sampleAlert).toEqual({ available: true, channel: 'alerts' });
  });

  it('refuses a command the bot does not have, and shows a mistake the bot answers in its ack', async () => {
    const incidents = (await channelNamed(REPORTER, 'incidents'))!;
    const unknown = await call('/api/send', { as: REPORTER, channel: incidents.id, text: '/foo bar' });
    expect(unknown).toEqual({
      status: 400,
      body: { ok: false, error: '"/foo" is not a command here: try /incident help' },
    });

    const wrong = await call<{ answer?: string }>('/api/send', {
      as: REPORTER,
      channel: incidents.id,
      text: '/incident create "DB down" severity=9',
    });
    expect(wrong.status).toBe(200);
    expect(wrong.body.answer).toMatch(/severity/i);
    // Slack shows the ack's text to the person who typed, and to nobody else.
    const mine = (await messagesIn(REPORTER, incidents.id)).messages.filter((m) => m.ephemeral);
    expect(mine.map((m) => m.text)).toContain(wrong.body.answer);
    expect((await messagesIn('U0MANAGER', incidents.id)).messages.filter((m) => m.ephemeral)).toEqual([]);
  });

  it('declares from a command: a channel with a pinned summary, a page DM, and Acknowledge updates it', async () => {
    const incidents = (await channelNamed(REPORTER, 'incidents'))!;
    const sent = await call('/api/send', {
      as: REPORTER,
      channel: incidents.id,
      text: '/incident create "Checkout down" severity=1',
    });
    expect(sent).toEqual({ status: 200, body: { ok: true } });

    const channel = await until('the incident channel', () => channelNamed(REPORTER, /checkout-down$/));
    expect(channel.isMember).toBe(true);
    const pinned = await until('the pinned summary', async () => {
      const view = await messagesIn(REPORTER, channel.id);
      return view.pins.length > 0 && view.messages.find((m) => m.ts === view.pins[0]);
    });
    expect(pinned.pinned).toBe(true);
    expect(shownText(pinned)).toContain('Checkout down');
    // The bot's answer to the command arrives through its response URL, as an ephemeral for the reporter.
    await until('the answer to the command', async () =>
      (await messagesIn(REPORTER, incidents.id)).messages.some(
        (m) => m.ephemeral && /Checkout down|declared/i.test(m.text),
      ),
    );

    const primary = await personWithRole('primary on call now');
    const page = await until('the page DM', async () => {
      const dm = await dmOf(primary.id);
      if (dm.view.kind !== 'dm') return undefined;
      const message = dm.view.messages.find((m) =>
        buttonsIn(m.blocks).some((b) => b.button.action_id === 'page_acknowledge'),
      );
      return message && { dm: dm.view.id, message };
    });
    expect(shownText(page.message)).toContain('Checkout down');
    const ack = buttonsIn(page.message.blocks).find((b) => b.button.action_id === 'page_acknowledge')!;
    const clicked = await call('/api/click', {
      as: primary.id,
      actionId: ack.button.action_id,
      blockId: ack.blockId,
      value: ack.button.value,
      text: ack.button.text.text,
      channel: page.dm,
      messageTs: page.message.ts,
    });
    expect(clicked).toEqual({ status: 200, body: { ok: true } });
    const updated = await until('the DM without its Acknowledge button', async () => {
      const m = (await messagesIn(primary.id, page.dm)).messages.find((x) => x.ts === page.message.ts);
      return m && !buttonsIn(m.blocks).some((b) => b.button.action_id === 'page_acknowledge') && m;
    });
    expect(shownText(updated)).toMatch(/acknowledged/i);
    await until('the incident channel told of the acknowledgement', async () =>
      (await messagesIn(REPORTER, channel.id)).messages.some(
        (m) => !m.ephemeral && shownText(m).includes(primary.id) && /acknowledged/i.test(shownText(m)),
      ),
    );
  });

  it('answers a long poll when something changes, not before', async () => {
    const general = (await channelNamed('U0CTO', 'general'))!;
    const { version } = await state('U0CTO', general.id);
    let answered = false;
    const poll = call<StateSnapshot>(`/api/state?as=U0CTO&view=${general.id}&since=${version}`).then((res) => {
      answered = true;
      return res;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(answered).toBe(false);
    const said = await call('/api/send', { as: 'U0VPENG', channel: general.id, text: 'Is checkout back? cc @theo' });
    expect(said.status).toBe(200);
    const { body } = await poll;
    expect(body.version).toBeGreaterThan(version);
    if (body.view.kind !== 'channel') throw new Error('not a channel view');
    const message = body.view.messages.at(-1)!;
    expect(message).toMatchObject({ user: 'U0VPENG', userName: 'vera', isBot: false, ephemeral: false });
    // Written as Slack stores a mention.
    expect(message.text).toBe('Is checkout back? cc <@U0CTO|theo>');
  });

  it('moves the bot clock forward, within bounds', async () => {
    const before = clock.now().getTime();
    const moved = await call<{ now: string; aheadMs: number }>('/api/clock', { advanceMs: 60 * 60_000 });
    expect(moved.status).toBe(200);
    expect(moved.body.aheadMs).toBe(60 * 60_000);
    expect(clock.now().getTime() - before).toBeGreaterThanOrEqual(60 * 60_000);
    expect(Date.parse(moved.body.now) - before).toBeGreaterThanOrEqual(60 * 60_000);
    expect((await state(REPORTER)).clock.aheadMs).toBe(60 * 60_000);
    expect((await call('/api/clock', { advanceMs: 0 })).status).toBe(400);
    expect((await call('/api/clock', { advanceMs: 8 * 24 * 60 * 60_000 })).status).toBe(400);
    expect(clock.ahead).toBe(60 * 60_000);
  });

  it('sends a sample Alertmanager alert: a message in the alert channel and a page DM', async () => {
    const alerts = (await channelNamed(REPORTER, 'alerts'))!;
    const primary = await personWithRole('primary on call now');
    const pagesBefore = (await dmOf(primary.id)).view;
    const before = pagesBefore.kind === 'dm' ? pagesBefore.messages.length : 0;

    expect(await call('/api/sample-alert', { as: REPORTER })).toEqual({ status: 200, body: { ok: true } });
    const posted = await until('the alert in #alerts', async () =>
      (await messagesIn(REPORTER, alerts.id)).messages.find((m) => shownText(m).includes('Checkout p99 latency')),
    );
    expect(buttonsIn(posted.blocks).map((b) => b.button.action_id)).toContain('alert_acknowledge');
    await until('the page DM for the alert', async () => {
      const dm = (await dmOf(primary.id)).view;
      return (
        dm.kind === 'dm' &&
        dm.messages.length > before &&
        dm.messages
          .slice(before)
          .some(
            (m) =>
              shownText(m).includes('CheckoutLatencyHigh') &&
              buttonsIn(m.blocks).some((b) => b.button.action_id === 'page_acknowledge'),
          )
      );
    });
  });

  it('opens the declare form for the person who typed /incident create, and submitting it declares', async () => {
    const general = (await channelNamed('U0BBB', 'general'))!;
    expect((await call('/api/send', { as: 'U0BBB', channel: general.id, text: '/incident create' })).status).toBe(200);
    const modal = await until('the form', async () => (await state('U0BBB')).modal ?? undefined);
    expect(modal.callbackId).toBe('incident_create');
    expect(modal.title.length).toBeGreaterThan(0);
    expect((await state('U0CCC')).modal).toBeNull();

    const values = (title: string) => ({
      create_title: { title: { type: 'plain_text_input', value: title } },
      create_severity: {
        severity: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'SEV3' }, value: 'SEV3' },
        },
      },
      create_description: { description: { type: 'plain_text_input', value: '' } },
    });
    const refused = await call<{ errors?: Record<string, string> }>('/api/submit', {
      as: 'U0BBB',
      viewId: modal.id,
      values: values(''),
    });
    expect(refused.status).toBe(200);
    expect(refused.body.errors).toEqual({ create_title: expect.any(String) });
    expect((await state('U0BBB')).modal).toMatchObject({ id: modal.id, errors: { create_title: expect.any(String) } });
    // Someone else cannot submit another person's form.
    expect(
      (await call('/api/submit', { as: 'U0CCC', viewId: modal.id, values: values('Search is slow') })).status,
    ).toBe(400);

    const accepted = await call('/api/submit', { as: 'U0BBB', viewId: modal.id, values: values('Search is slow') });
    expect(accepted).toEqual({ status: 200, body: { ok: true } });
    expect((await state('U0BBB')).modal).toBeNull();
    await until('the incident channel from the form', () => channelNamed('U0BBB', /search-is-slow$/));
    await until('the DM saying it was declared', async () =>
      ((await dmOf('U0BBB')).view as { messages?: MessageView[] }).messages?.some((m) =>
        /Declared incident/.test(m.text),
      ),
    );
  });

  it('closes a form on Cancel; reactions and the Add to timeline shortcut reach the bot', async () => {
    const general = (await channelNamed('U0CCC', 'general'))!;
    await call('/api/send', { as: 'U0CCC', channel: general.id, text: '/incident create' });
    const modal = await until('the form', async () => (await state('U0CCC')).modal ?? undefined);
    expect(await call('/api/close-view', { as: 'U0CCC', viewId: modal.id })).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect((await state('U0CCC')).modal).toBeNull();

    const channel = (await channelNamed(REPORTER, /checkout-down$/))!;
    expect(
      (await call('/api/send', { as: REPORTER, channel: channel.id, text: 'Rolled back the deploy at 10:02' })).status,
    ).toBe(200);
    const said = (await messagesIn(REPORTER, channel.id)).messages.find(
      (m) => m.text === 'Rolled back the deploy at 10:02',
    )!;
    // 📌 puts the message on the incident's timeline: the bot hears of the reaction as Slack tells it.
    const reacted = await call('/api/react', {
      as: REPORTER,
      channel: channel.id,
      messageTs: said.ts,
      reaction: 'pushpin',
    });
    expect(reacted).toEqual({ status: 200, body: { ok: true } });
    const seen = (await messagesIn('U0MANAGER', channel.id)).messages.find((m) => m.ts === said.ts)!;
    expect(seen.reactions).toEqual([{ name: 'pushpin', users: [REPORTER] }]);

    // The shortcut's work queues behind the reaction's, so it finds the message already there.
    const shortcut = await call('/api/shortcut', {
      as: REPORTER,
      callbackId: 'add_to_timeline',
      channel: channel.id,
      messageTs: said.ts,
    });
    expect(shortcut).toEqual({ status: 200, body: { ok: true } });
    const answer = await until('the shortcut answered, to the reporter only', async () =>
      (await messagesIn(REPORTER, channel.id)).messages.find((m) => m.ephemeral && /timeline/.test(m.text)),
    );
    expect(answer.text).toBe('That message is already on the incident timeline.');
    expect((await messagesIn('U0MANAGER', channel.id)).messages.some((m) => m.ephemeral)).toBe(false);
  });

  it('publishes the App Home when the person opens it, and its buttons work', async () => {
    expect((await state('U0MANAGER', 'home')).view).toEqual({ kind: 'home', blocks: null });
    expect(await call('/api/home-opened', { as: 'U0MANAGER' })).toEqual({ status: 200, body: { ok: true } });
    const home = await until('the Home tab', async () => {
      const view = (await state('U0MANAGER', 'home')).view;
      return view.kind === 'home' && view.blocks;
    });
    expect(JSON.stringify(home)).toContain('Checkout down');

    // Its "Contact methods" button opens that person's contact form.
    const contact = buttonsIn(home as unknown[]).find((b) => b.button.action_id === 'contact_methods_open')!;
    const clicked = await call('/api/click', {
      as: 'U0MANAGER',
      viewId: 'home',
      actionId: contact.button.action_id,
      blockId: contact.blockId,
      value: contact.button.value ?? '',
      text: contact.button.text.text,
    });
    expect(clicked).toEqual({ status: 200, body: { ok: true } });
    const form = await until('the contact form', async () => (await state('U0MANAGER')).modal ?? undefined);
    expect(form.callbackId).toBe('contact_methods');
    expect((await state(REPORTER)).modal).toBeNull();
  });
  // Last: the override changes who is paged for the rest of the file.
  it('names the cover as on call once an override is made from Slack, as the bot reads it', async () => {
    const s = await state(REPORTER);
    const primary = s.people.find((p) => p.role === 'primary on call now')!;
    const morgan = s.people.find((p) => p.id === 'U0MANAGER')!;
    // Times as morgan types them, in morgan's zone: from an hour ago to three hours on.
    const at = (ms: number) =>
      new Intl.DateTimeFormat('sv-SE', {
        timeZone: morgan.tz,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(clock.now().getTime() + ms));
    const incidents = (await channelNamed('U0MANAGER', 'incidents'))!;
    const sent = await call<{ answer?: string }>('/api/send', {
      as: 'U0MANAGER',
      channel: incidents.id,
      text: `/oncall override primary @morgan from "${at(-3_600_000)}" to "${at(3 * 3_600_000)}"`,
    });
    expect(sent.status).toBe(200);
    await until('morgan shown as primary on call', async () => {
      const people = (await state(REPORTER)).people;
      return people.find((p) => p.id === 'U0MANAGER')?.role === 'primary on call now' && people;
    });
    const after = (await state(REPORTER)).people;
    expect(after.find((p) => p.id === primary.id)?.role).not.toBe('primary on call now');
  });

  it('shows a private channel and its messages to its members only', async () => {
    const slack = local.simulator;
    const secret = slack.addChannel({ name: 'hr-private', members: [REPORTER], isPrivate: true });
    const said = slack.userSays(secret.id, REPORTER, 'only members read this');
    expect(await channelNamed(REPORTER, 'hr-private')).toMatchObject({ isPrivate: true, isMember: true });
    expect((await messagesIn(REPORTER, secret.id)).messages.map((m) => m.text)).toEqual(['only members read this']);

    // Morgan is not in it: it is not in the sidebar, opening it shows nothing, and acting in it is refused.
    expect(await channelNamed('U0MANAGER', 'hr-private')).toBeUndefined();
    expect((await state('U0MANAGER', secret.id)).view).toEqual({ kind: 'none' });
    const sends = await call('/api/send', { as: 'U0MANAGER', channel: secret.id, text: 'let me in' });
    expect(sends.status).toBe(400);
    const reacts = await call('/api/react', {
      as: 'U0MANAGER',
      channel: secret.id,
      messageTs: said.ts,
      reaction: 'eyes',
    });
    expect(reacts.status).toBe(400);
    expect(slack.messagesIn(secret.id).map((m) => [m.text, m.reactions ?? []])).toEqual([
      ['only members read this', []],
    ]);
    expect(slack.canSee('U0MANAGER', secret.id)).toBe(false);
  });
});
