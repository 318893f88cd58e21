/**
 * Behind a corporate proxy: with HTTP_PROXY (HTTPS_PROXY for https) set, every HTTP call the bot makes —
 * the Slack Web API, its response_url answers, Socket Mode's WebSocket, a provider's send — goes
 * through the proxy; NO_PROXY names what is reached directly; with no proxy set nothing goes through
 * it. The Slack stand-in is plain http on 127.0.0.1, so HTTP_PROXY is the variable that applies here,
 * and the proxy (test/support/proxy.ts) can read each request inside its tunnel.
 */
import { startHarness, Harness, PEOPLE } from '../support/harness';
import { startTestProxy, type TestProxy } from '../support/proxy';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook/receiver';
import { outboundHttp, type OutboundHttp } from '../../src/runtime/proxy';
import { providersFromEnv } from '../../src/app/providersFromEnv';
import type { Env } from '../../src/config/env';

const SECRET = 'webhook-secret-for-the-proxy-test';

describe('outgoing HTTP through a proxy', () => {
  let proxy: TestProxy;
  let hook: WebhookReceiver;
  let h: Harness | undefined;
  beforeEach(async () => {
    proxy = await startTestProxy();
    hook = await startWebhookReceiver({ secret: SECRET });
  });
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    await hook.stop();
    await proxy.close();
  });

  const declare = async () => {
    const res = await h!.command({
      command: '/incident',
      text: 'create "Proxy test" severity=3',
      userId: PEOPLE.alice,
      channelId: h!.channels.general,
    });
    expect(res.status).toBe(200);
    await h!.settle();
  };
  /** The Web API calls the stand-in answered, as the proxy would have seen them pass. */
  const webApiCalls = () =>
    h!.slack.calls
      .filter((c) => !['upload_url', 'response_url'].includes(c.method))
      .map((c) => `POST ${h!.slack.apiUrl}${c.method}`);
  const passedTo = (baseUrl: string) => proxy.passed().filter((r) => r.includes(` ${baseUrl}`));
  const sendWebhook = (outbound: OutboundHttp) =>
    providersFromEnv({} as Env, {}, outbound.fetch).webhook!.post(hook.url('/page'), SECRET, { text: 'wake up' });

  it('sends every Web API call and response_url answer of the bot through HTTP_PROXY', async () => {
    h = await startHarness({ config: 'defaults', outbound: outboundHttp({ HTTP_PROXY: proxy.url, NO_PROXY: '' }) });
    await declare();

    const calls = webApiCalls();
    expect(calls).toContain(`POST ${h.slack.apiUrl}auth.test`);
    expect(calls).toContain(`POST ${h.slack.apiUrl}conversations.create`);
    // Each call, as many times as Slack got it: none went around the proxy.
    expect(passedTo(h.slack.apiUrl).sort()).toEqual([...calls].sort());
    expect(h.slack.responses.length).toBeGreaterThan(0);
    expect(passedTo(`${h.slack.baseUrl}/response/`)).toHaveLength(h.slack.responses.length);
  });

  it("sends a provider's post through the proxy", async () => {
    await sendWebhook(outboundHttp({ http_proxy: proxy.url }));
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0].validSignature).toBe(true);
    expect(proxy.passed()).toEqual([`POST ${hook.url('/page')}`]);
  });

  it('reaches the hosts NO_PROXY names directly, and the others through the proxy', async () => {
    const hookHost = new URL(hook.baseUrl).host;
    const outbound = outboundHttp({ HTTP_PROXY: proxy.url, NO_PROXY: `intranet.example.com, ${hookHost}` });
    h = await startHarness({ config: 'defaults', outbound });
    await sendWebhook(outbound);

    expect(hook.received).toHaveLength(1);
    expect(proxy.targets).not.toContain(hookHost);
    expect(passedTo(h.slack.apiUrl)).toContain(`POST ${h.slack.apiUrl}auth.test`);
  });

  it('with no proxy set, sends nothing through one', async () => {
    const outbound = outboundHttp({ NO_PROXY: 'example.com' });
    expect(outbound.proxy).toBeNull();
    h = await startHarness({ config: 'defaults', outbound });
    await declare();
    await sendWebhook(outbound);

    expect(webApiCalls().length).toBeGreaterThan(1);
    expect(hook.received).toHaveLength(1);
    expect(proxy.targets).toEqual([]);
  });

  it("opens Socket Mode's WebSocket, and makes its Web API calls, through the proxy", async () => {
    h = await startHarness({
      config: 'defaults',
      socketMode: true,
      outbound: outboundHttp({ HTTP_PROXY: proxy.url, NO_PROXY: '' }),
    });
    const socket = h.socket!;
    expect(socket.connections).toHaveLength(1);
    expect(socket.connections[0].open).toBe(true);

    const wsBase = socket.baseUrl.replace(/^ws:/, 'http:');
    expect(passedTo(`${wsBase}/link/`)).toHaveLength(1);
    expect(passedTo(h.slack.apiUrl)).toContain(`POST ${h.slack.apiUrl}apps.connections.open`);
    expect(passedTo(h.slack.apiUrl).sort()).toEqual(webApiCalls().sort());
  });
});
