/**
 * The gateway never waits inline longer than the caller's lease allows: under a budget, a Retry-After
 * that would run past it goes back to the outbox instead, and no request starts that could outlive it.
 */
import { ErrorCode, type WebClient } from '@slack/web-api';
import pino from 'pino';
import { SlackCallError, SlackGateway, withSlackBudget } from '../../src/slack/gateway';

function rateLimitedClient(retryAfterSeconds: number, calls: string[]): WebClient {
  return {
    apiCall: async (method: string) => {
      calls.push(method);
      throw Object.assign(new Error('rate limited'), { code: ErrorCode.RateLimitedError, retryAfter: retryAfterSeconds });
    },
  } as unknown as WebClient;
}

describe('the gateway within a lease budget', () => {
  const log = pino({ level: 'silent' });

  it('waits a short Retry-After inline when the budget has room', async () => {
    const calls: string[] = [];
    const slept: number[] = [];
    const gateway = new SlackGateway(rateLimitedClient(1, calls), { log, sleep: async (ms) => void slept.push(ms), requestTimeoutMs: 1_000 });
    await expect(withSlackBudget(60_000, () => gateway.call('chat.postMessage', {}))).rejects.toMatchObject({ slackError: 'ratelimited' });
    expect(slept).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]); // five inline waits, then handed back
    expect(calls).toHaveLength(6);
  });

  it('hands a Retry-After that would outlive the budget back to the outbox, without waiting', async () => {
    const calls: string[] = [];
    const slept: number[] = [];
    const gateway = new SlackGateway(rateLimitedClient(20, calls), { log, sleep: async (ms) => void slept.push(ms), requestTimeoutMs: 10_000 });
    const error = await withSlackBudget(25_000, () => gateway.call('chat.postMessage', {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackCallError);
    expect(error).toMatchObject({ slackError: 'ratelimited', retryAfterMs: 20_000, kind: 'retryable' });
    expect(slept).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('starts no request that could still be running when the budget ends', async () => {
    const calls: string[] = [];
    const gateway = new SlackGateway(rateLimitedClient(1, calls), { log, requestTimeoutMs: 10_000 });
    const error = await withSlackBudget(5_000, () => gateway.call('chat.postMessage', {})).catch((e: unknown) => e);
    expect(error).toMatchObject({ slackError: 'request_timeout', kind: 'retryable' });
    expect(calls).toEqual([]);
  });
});
