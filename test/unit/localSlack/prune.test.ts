import { KEEP_EPHEMERALS, KEEP_MESSAGES_PER_CONVERSATION, pruneWorkspace } from '../../../src/localSlack/prune';
import { Workspace, type StandinView } from '../../../src/slackSimulator/workspace';

const IDENTITY = {
  teamId: 'T1',
  teamName: 'Local Slack',
  teamDomain: 'local',
  botUserId: 'U0BOT',
  botId: 'B0BOT',
  appId: 'A0APP',
};

function workspaceWith(messages: number) {
  let now = 1_800_000_000_000;
  const ws = new Workspace(IDENTITY, () => now);
  const channel = ws.addChannel({ name: 'alerts', members: [] });
  for (let i = 0; i < messages; i++)
    ws.messages
      .get(channel.id)!
      .push({ type: 'message', channel: channel.id, ts: ws.nextTs(), text: `m${i}`, user: 'U0BOT' });
  return { ws, channel, advance: (ms: number) => (now += ms), now: () => now };
}

describe('pruning the local Slack', () => {
  it('keeps the latest messages of a conversation, and unpins what it drops', () => {
    const { ws, channel, now } = workspaceWith(KEEP_MESSAGES_PER_CONVERSATION + 5);
    const messages = ws.messages.get(channel.id)!;
    ws.pins.set(channel.id, [messages[0].ts, messages[10].ts]);
    pruneWorkspace(ws, now());
    expect(messages).toHaveLength(KEEP_MESSAGES_PER_CONVERSATION);
    expect(messages[0].text).toBe('m5');
    expect(messages.at(-1)!.text).toBe(`m${KEEP_MESSAGES_PER_CONVERSATION + 4}`);
    expect(ws.pins.get(channel.id)).toEqual([messages[5].ts]);
  });

  it('leaves a conversation within the limit as it is', () => {
    const { ws, channel, now } = workspaceWith(3);
    pruneWorkspace(ws, now());
    expect(ws.messages.get(channel.id)!.map((m) => m.text)).toEqual(['m0', 'm1', 'm2']);
  });

  it('keeps the latest ephemerals, drops expired trigger ids and closed modals', () => {
    const { ws, channel, advance, now } = workspaceWith(0);
    for (let i = 0; i < KEEP_EPHEMERALS + 2; i++) ws.addEphemeral({ channel: channel.id, user: 'U1', text: `e${i}` });
    ws.triggers.set('old', { issuedMs: now(), used: true });
    advance(61_000);
    ws.triggers.set('fresh', { issuedMs: now(), used: false });
    const view = (id: string, closed: boolean) => ({ id, type: 'modal', closed }) as unknown as StandinView;
    ws.views.set('V1', view('V1', true));
    ws.views.set('V2', view('V2', false));
    pruneWorkspace(ws, now());
    expect(ws.ephemerals).toHaveLength(KEEP_EPHEMERALS);
    expect(ws.ephemerals[0].text).toBe('e2');
    expect([...ws.triggers.keys()]).toEqual(['fresh']);
    expect([...ws.views.keys()]).toEqual(['V2']);
  });
});
