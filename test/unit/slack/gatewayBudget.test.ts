/**
 * The gateway never waits inline longer than the caller's lease allows: under a budget, a Retry-After
 * that would run past it goes back to the outbox instead, and no request starts that could outlive it.
 */
import { ErrorCode, type WebClient } from '@slack/web-api';
import pino from 'pino';
import { SlackCallError, SlackGateway } from '../../../src/slack/gateway';
import { SlackDirectory } from '../../../src/slack/directory';

function rateLimitedClient(retryAfterSeconds: number, calls: string[]): WebClient {
  return {
    apiCall: async (method: string) => {
      calls.push(method);
      throw Object.assign(new Error('rate limited'), {
        code: ErrorCode.RateLimitedError,
        retryAfter: retryAfterSeconds,
      });
    },
  } as unknown as WebClient;
}

describe('the gateway within a lease budget', () => {
  const log = pino({ level: 'silent' });

  it('waits a short Retry-After inline when the budget has room', async () => {
    const calls: string[] = [];
    const slept: number[] = [];
    const gateway = new SlackGateway(rateLimitedClient(1, calls), {
      log,
      sleep: async (ms) => void slept.push(ms),
      requestTimeoutMs: 1_000,
    });
    await expect(gateway.withBudget(60_000).call('chat.postMessage', {})).rejects.toMatchObject({
      slackError: 'ratelimited',
    });
    expect(slept).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]); // five inline waits, then handed back
    expect(calls).toHaveLength(6);
  });

  it('made to wait at most 0 (the request path), never waits a Retry-After, and keeps its budget', async () => {
    const calls: string[] = [];
    const slept: number[] = [];
    const gateway = new SlackGateway(rateLimitedClient(1, calls), {
      log,
      sleep: async (ms) => void slept.push(ms),
      requestTimeoutMs: 10_000,
    });
    await expect(gateway.withMaxInlineWait(0).call('views.publish', {})).rejects.toMatchObject({
      slackError: 'ratelimited',
      retryAfterMs: 1_000,
    });
    expect(slept).toEqual([]);
    expect(calls).toHaveLength(1);
    // Made from a budgeted gateway, it still starts no request the budget could not see through.
    await expect(gateway.withBudget(5_000).withMaxInlineWait(0).call('views.publish', {})).rejects.toMatchObject({
      slackError: 'request_timeout',
    });
    expect(calls).toHaveLength(1);
  });

  it('hands a Retry-After that would outlive the budget back to the outbox, without waiting', async () => {
    const calls: string[] = [];
    const slept: number[] = [];
    const gateway = new SlackGateway(rateLimitedClient(20, calls), {
      log,
      sleep: async (ms) => void slept.push(ms),
      requestTimeoutMs: 10_000,
    });
    const error = await gateway
      .withBudget(25_000)
      .call('chat.postMessage', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackCallError);
    expect(error).toMatchObject({ slackError: 'ratelimited', retryAfterMs: 20_000, kind: 'retryable' });
    expect(slept).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('starts no request that could still be running when the budget ends', async () => {
    const calls: string[] = [];
    const gateway = new SlackGateway(rateLimitedClient(1, calls), { log, requestTimeoutMs: 10_000 });
    const error = await gateway
      .withBudget(5_000)
      .call('chat.postMessage', {})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ slackError: 'request_timeout', kind: 'retryable' });
    expect(calls).toEqual([]);
  });

  it('keeps the budget of the gateway it was made from, and a gateway without one has none', async () => {
    const calls: string[] = [];
    const gateway = new SlackGateway(rateLimitedClient(1, calls), {
      log,
      sleep: async () => {},
      requestTimeoutMs: 10_000,
    });
    const bounded = gateway.withBudget(5_000);
    await expect(bounded.withBudget(60_000).call('chat.postMessage', {})).rejects.toMatchObject({
      slackError: 'request_timeout',
    });
    expect(calls).toEqual([]);
    await expect(gateway.call('chat.postMessage', {})).rejects.toMatchObject({ slackError: 'ratelimited' });
    expect(calls).toHaveLength(6);
  });

  it("gives the directory's lookups the same budget, over the same caches", async () => {
    const calls: string[] = [];
    const client = {
      apiCall: async (method: string, args: { user: string }) => {
        calls.push(method);
        return { ok: true, user: { id: args.user, tz: 'Europe/Paris', real_name: 'Alice' } };
      },
    } as unknown as WebClient;
    const gateway = new SlackGateway(client, { log, requestTimeoutMs: 10_000 });
    const directory = new SlackDirectory(gateway);
    const leased = directory.via(gateway.withBudget(5_000));
    // Too little budget left for a request: refused before Slack is asked.
    await expect(leased.user('U1')).rejects.toMatchObject({ slackError: 'request_timeout' });
    expect(calls).toEqual([]);
    // What the unbudgeted directory learnt, the leased view answers from the cache without a call.
    expect((await directory.user('U1')).name).toBe('Alice');
    expect((await leased.user('U1')).name).toBe('Alice');
    expect(calls).toEqual(['users.info']);
  });
});
