/**
 * What the stand-in does as a Slack client shows it (for the local Slack): response URLs that apply
 * their posts, one modal stack per person, reactions, the change counter, ids that never repeat and
 * a cap on what it records. Through the Web API (WebClient) and response URLs, as the bot uses them.
 */
import { LogLevel, WebClient } from '@slack/web-api';
import { slackRequests } from '../../src/slackSimulator/requests';
import { startSlackStandin, type SlackStandin } from '../../src/slackSimulator/standin';

const modal = (title: string, callbackId = 'form') => ({
  type: 'modal' as const,
  callback_id: callbackId,
  title: { type: 'plain_text' as const, text: title },
  blocks: [],
});

async function slackError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { data?: { error?: string } }).data?.error ?? String(e);
  }
}

describe('Slack stand-in as a client shows it', () => {
  let standin: SlackStandin;
  let client: WebClient;
  let channel: string;

  const respond = (url: string, body: unknown) =>
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  beforeEach(async () => {
    standin = await startSlackStandin({ rateLimits: false, firstId: 1_000_000, keepCalls: 3 }); // limits are not under test here
    standin.addUser({ id: 'U0ALICE', name: 'alice' });
    standin.addUser({ id: 'U0BOB', name: 'bob' });
    channel = standin.addChannel({ name: 'incidents', members: ['U0ALICE', 'U0BOB'] }).id;
    client = new WebClient(standin.token, {
      slackApiUrl: standin.apiUrl,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 0 },
    });
  });
  afterEach(() => standin.close());

  it('applies posts to a response URL made with a context, and only records the others', async () => {
    const url = standin.responseUrlFor({ user: 'U0ALICE', channel });
    await respond(url, { text: 'only Alice sees this' });
    await respond(url, { response_type: 'in_channel', text: 'everyone sees this' });
    expect(standin.ephemeralsTo('U0ALICE').map((e) => e.text)).toEqual(['only Alice sees this']);
    expect(standin.ephemeralsTo('U0BOB')).toEqual([]);
    expect(standin.messagesIn(channel).map((m) => [m.user, m.text])).toEqual([
      [standin.botUserId, 'everyone sees this'],
    ]);
    expect(standin.responses.map((r) => r.body)).toHaveLength(2);

    await respond(standin.responseUrl('plain'), { response_type: 'in_channel', text: 'recorded only' });
    expect(standin.messagesIn(channel)).toHaveLength(1);

    // A button in an ephemeral: replace_original replaces that ephemeral, delete_original removes it.
    const [ephemeral] = standin.ephemeralsTo('U0ALICE');
    const fromEphemeral = standin.responseUrlFor({ user: 'U0ALICE', channel, messageTs: ephemeral.message_ts });
    await respond(fromEphemeral, { replace_original: true, text: 'replaced' });
    expect(standin.ephemeralsTo('U0ALICE').map((e) => e.text)).toEqual(['replaced']);
    await respond(fromEphemeral, { delete_original: true });
    expect(standin.ephemeralsTo('U0ALICE')).toEqual([]);

    // A button in a message: replace_original replaces the message in place.
    const [message] = standin.messagesIn(channel);
    await respond(standin.responseUrlFor({ user: 'U0BOB', channel, messageTs: message.ts }), {
      replace_original: 'true',
      text: 'new text',
    });
    expect(standin.messagesIn(channel).map((m) => [m.ts, m.text])).toEqual([[message.ts, 'new text']]);
  });

  it("keeps one stack of modals per person: push goes on top, close and the app's answers act on it", async () => {
    const opened = await client.views.open({
      trigger_id: standin.issueTriggerId(undefined, { user: 'U0ALICE' }),
      view: modal('First'),
    });
    const first = opened.view!.id!;
    const pushed = await client.views.push({
      trigger_id: standin.issueTriggerId(undefined, { user: 'U0ALICE', viewId: first }),
      view: modal('Second'),
    });
    const second = standin.workspace.views.get(pushed.view!.id!)!;
    expect(second).toMatchObject({ user_id: 'U0ALICE', previous_view_id: first, root_view_id: first });

    expect(
      standin.answerViewSubmission(second.id, { response_action: 'errors', errors: { b: 'Wrong' } }, second.hash),
    ).toEqual({ errors: { b: 'Wrong' } });
    expect(standin.workspace.views.get(second.id)!.errors).toEqual({ b: 'Wrong' });

    // The app redrew the view before its answer arrived: the answer's update does not undo that.
    await client.views.update({ view_id: second.id, view: modal('Redrawn') });
    standin.answerViewSubmission(second.id, { response_action: 'update', view: modal('Saving…') }, second.hash);
    expect(standin.workspace.views.get(second.id)!.title).toEqual({ type: 'plain_text', text: 'Redrawn' });

    standin.closeView(second.id);
    expect(
      standin
        .views()
        .filter((v) => !v.closed)
        .map((v) => v.id),
    ).toEqual([first]);
    expect(await slackError(client.views.update({ view_id: second.id, view: modal('Late') }))).toBe('not_found');

    // An empty answer closes the submitted view; a new views.open replaces what Alice had.
    const again = await client.views.open({
      trigger_id: standin.issueTriggerId(undefined, { user: 'U0ALICE' }),
      view: modal('Again'),
    });
    expect(
      standin
        .views()
        .filter((v) => !v.closed)
        .map((v) => v.id),
    ).toEqual([again.view!.id]);
    standin.answerViewSubmission(again.view!.id!, '', standin.workspace.views.get(again.view!.id!)!.hash);
    expect(standin.views().filter((v) => !v.closed)).toEqual([]);
  });

  it('sends a button in an ephemeral as Slack does: is_ephemeral, a response URL, no message', () => {
    const payload = slackRequests().blockAction({
      userId: 'U0ALICE',
      actionId: 'retry',
      value: 'v',
      channelId: channel,
      messageTs: '1796300294.516000',
      ephemeral: true,
    });
    expect(payload.container).toEqual({
      type: 'message',
      message_ts: '1796300294.516000',
      channel_id: channel,
      is_ephemeral: true,
    });
    expect(payload).not.toHaveProperty('message');
    expect(payload.response_url).toEqual(expect.any(String));
  });

  it('keeps reactions on the message, each emoji once per person', async () => {
    const posted = await client.chat.postMessage({ channel, text: 'Rolled back' });
    expect(standin.react(channel, posted.ts!, 'U0ALICE', 'pushpin')).toBe('added');
    expect(standin.react(channel, posted.ts!, 'U0ALICE', 'pushpin')).toBe('already_reacted');
    await client.reactions.add({ channel, timestamp: posted.ts!, name: 'pushpin' });
    expect(await slackError(client.reactions.add({ channel, timestamp: posted.ts!, name: 'pushpin' }))).toBe(
      'already_reacted',
    );
    expect(await slackError(client.reactions.add({ channel, timestamp: '1.000001', name: 'eyes' }))).toBe(
      'message_not_found',
    );
    const history = await client.conversations.history({ channel });
    expect(history.messages![0].reactions).toEqual([
      { name: 'pushpin', users: ['U0ALICE', standin.botUserId], count: 2 },
    ]);
  });

  it('counts changes, not reads, and tells listeners; new ids start at firstId; calls are capped', async () => {
    const seen: number[] = [];
    const stop = standin.onChange((v) => seen.push(v));
    const before = standin.version;
    await client.conversations.history({ channel });
    await client.auth.test();
    expect(standin.version).toBe(before);
    await client.chat.postMessage({ channel, text: 'hello' });
    standin.userSays(channel, 'U0BOB', 'hi');
    expect(standin.version).toBe(before + 2);
    expect(seen).toEqual([before + 1, before + 2]);
    stop();
    standin.noteChange();
    expect(seen).toHaveLength(2);

    const created = await client.conversations.create({ name: 'incident-1' });
    expect(parseInt(created.channel!.id!.slice(1), 36)).toBeGreaterThan(1_000_000);
    expect(standin.calls).toHaveLength(3);
    expect(standin.calls.at(-1)!.method).toBe('conversations.create');
  });

  it('refuses a web page: a request with an Origin changes nothing', async () => {
    const url = standin.responseUrlFor({ user: 'U0ALICE', channel });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: 'https://evil.example' },
      body: JSON.stringify({ response_type: 'in_channel', text: 'posted from elsewhere' }),
    });
    expect(res.status).toBe(403);
    expect(standin.responses).toHaveLength(0);
    expect(standin.messagesIn(channel).map((m) => m.text)).not.toContain('posted from elsewhere');
  });
});
