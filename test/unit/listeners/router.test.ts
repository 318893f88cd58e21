/**
 * The listener router is one Bolt middleware: each request reaches exactly the listener registered for
 * its command, action_id, callback_id or event type, with Bolt's usual arguments; anything unclaimed
 * goes on through Bolt; a listener's error reaches Bolt's error handler.
 */
import { App, LogLevel } from '@slack/bolt';
import { ListenerRouter, routeKey } from '../../../src/listeners/router';

function boltApp(): App {
  // No network: the bot's identity is given, so Bolt runs no auth.test.
  return new App({
    token: 'xoxb-test',
    signingSecret: 'secret',
    tokenVerificationEnabled: false,
    botId: 'B1',
    botUserId: 'UBOT',
    convoStore: false,
    logLevel: LogLevel.ERROR,
  });
}

const command = (name: string, text: string) => ({
  command: name,
  text,
  user_id: 'U1',
  channel_id: 'C1',
  team_id: 'T1',
  response_url: 'http://127.0.0.1:9/r',
  trigger_id: 't',
});
const button = (actionId: string, value: string) => ({
  type: 'block_actions',
  team: { id: 'T1' },
  user: { id: 'U1' },
  actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1' }],
});
const submission = (callbackId: string) => ({
  type: 'view_submission',
  team: { id: 'T1' },
  user: { id: 'U1' },
  view: { id: 'V1', callback_id: callbackId, state: { values: {} }, private_metadata: '' },
});
const messageShortcut = (callbackId: string) => ({
  type: 'message_action',
  callback_id: callbackId,
  team: { id: 'T1' },
  user: { id: 'U1' },
  channel: { id: 'C1' },
  message: { ts: '1700000000.000100', text: 'hello' },
  response_url: 'http://127.0.0.1:9/r',
  trigger_id: 't',
});
const event = (type: string, extra: Record<string, unknown> = {}) => ({
  type: 'event_callback',
  team_id: 'T1',
  event: { type, user: 'U1', ...extra },
});

async function deliver(app: App, body: Record<string, unknown>): Promise<boolean> {
  let acked = false;
  await app.processEvent({
    body,
    ack: async () => {
      acked = true;
    },
  });
  return acked;
}

describe('routeKey', () => {
  it('names each kind of request by what its listener is registered under', () => {
    expect(routeKey(command('/incident', 'help'))).toBe('command:/incident');
    expect(routeKey(button('page_ack', '{}'))).toBe('action:page_ack');
    expect(routeKey(submission('create_incident'))).toBe('view:create_incident');
    expect(routeKey(messageShortcut('add_to_timeline'))).toBe('message_shortcut:add_to_timeline');
    expect(routeKey(event('app_home_opened'))).toBe('event:app_home_opened');
  });

  it('routes nothing it does not know (Bolt gets those as before)', () => {
    expect(routeKey({ type: 'view_closed', view: { callback_id: 'x' } })).toBeNull();
    expect(routeKey({ type: 'block_suggestion', action_id: 'x' })).toBeNull();
    expect(routeKey({ type: 'shortcut', callback_id: 'x' })).toBeNull();
    expect(routeKey({ type: 'block_actions', actions: [] })).toBeNull();
    expect(routeKey({})).toBeNull();
    // As Bolt reads it: a body with an event is an event, even if it also names a command.
    expect(routeKey({ ...command('/incident', 'help'), event: { type: 'pin_added' } })).toBe('event:pin_added');
  });
});

describe('ListenerRouter on a real Bolt app', () => {
  it("hands each request to its own listener, with Bolt's arguments, and to no other", async () => {
    const app = boltApp();
    const on = new ListenerRouter();
    const seen: string[] = [];
    on.command('/incident', async ({ command: c, ack }) => {
      await ack();
      seen.push(`incident ${c.text}`);
    });
    on.command('/page', async ({ ack }) => {
      await ack();
      seen.push('page');
    });
    on.button('page_ack', async ({ action, body, ack }) => {
      await ack();
      seen.push(`ack ${action.value} by ${body.user.id}`);
    });
    on.viewSubmission('create_incident', async ({ view, ack }) => {
      await ack();
      seen.push(`view ${view.callback_id}`);
    });
    on.messageShortcut('add_to_timeline', async ({ shortcut, ack }) => {
      await ack();
      seen.push(`shortcut ${shortcut.message.ts}`);
    });
    on.event('app_home_opened', async ({ event: e }) => {
      seen.push(`home ${e.user}`);
    });
    on.install(app);

    expect(await deliver(app, command('/incident', 'create "Db down" severity=2'))).toBe(true);
    expect(await deliver(app, button('page_ack', '{"pageId":7}'))).toBe(true);
    expect(await deliver(app, submission('create_incident'))).toBe(true);
    expect(await deliver(app, messageShortcut('add_to_timeline'))).toBe(true);
    expect(await deliver(app, event('app_home_opened', { channel: 'D1', tab: 'home' }))).toBe(true); // Bolt acks events itself
    expect(seen).toEqual([
      'incident create "Db down" severity=2',
      'ack {"pageId":7} by U1',
      'view create_incident',
      'shortcut 1700000000.000100',
      'home U1',
    ]);
  });

  it('lets a request no listener claims go on through Bolt', async () => {
    const app = boltApp();
    const on = new ListenerRouter();
    const seen: string[] = [];
    on.command('/incident', async ({ ack }) => {
      await ack();
      seen.push('incident');
    });
    on.install(app);
    app.command('/other', async ({ ack }) => {
      await ack();
      seen.push('bolt listener');
    });

    expect(await deliver(app, command('/other', ''))).toBe(true);
    expect(await deliver(app, command('/nobody', ''))).toBe(false);
    expect(seen).toEqual(['bolt listener']);
  });

  it("still lets Bolt's ignoreSelf drop the bot's own events first, and never hands a view_closed to a submission listener", async () => {
    const app = boltApp();
    const on = new ListenerRouter();
    const seen: string[] = [];
    on.event('reaction_added', async ({ event: e }) => void seen.push(`reaction by ${e.user}`));
    on.viewSubmission('create_incident', async ({ ack }) => {
      await ack();
      seen.push('submission');
    });
    on.install(app);

    await deliver(
      app,
      event('reaction_added', { user: 'UBOT', reaction: 'pushpin', item: { type: 'message', channel: 'C1', ts: '1' } }),
    );
    await deliver(
      app,
      event('reaction_added', { user: 'U1', reaction: 'pushpin', item: { type: 'message', channel: 'C1', ts: '1' } }),
    );
    expect(await deliver(app, { ...submission('create_incident'), type: 'view_closed' })).toBe(false);
    expect(seen).toEqual(['reaction by U1']);
  });

  it("passes a listener's error to Bolt's error handler", async () => {
    const app = boltApp();
    const errors: string[] = [];
    app.error(async (error) => void errors.push(error.message));
    const on = new ListenerRouter();
    on.button('close', async ({ ack }) => {
      await ack();
      throw new Error('the database went away');
    });
    on.install(app);

    await deliver(app, button('close', ''));
    expect(errors).toEqual(['the database went away']);
  });

  it('refuses a second listener for the same request', () => {
    const on = new ListenerRouter();
    on.command('/incident', async () => {});
    expect(() => on.command('/incident', async () => {})).toThrow('two listeners for command:/incident');
    on.event('pin_added', async () => {});
    expect(() => on.event('pin_added', async () => {})).toThrow('two listeners for event:pin_added');
  });
});
