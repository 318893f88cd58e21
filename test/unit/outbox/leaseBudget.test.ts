/**
 * Leased work's Slack calls must end before the lease does (with a margin), counted from the job's own
 * lease: a send late in a batch claimed under one lease gets what is left of it, not a fresh budget.
 */
import pino from 'pino';
import type { WebClient } from '@slack/web-api';
import { LEASE_MARGIN_MS, leaseBudgetMs } from '../../../src/outbox/leaseBudget';
import { SlackGateway } from '../../../src/slack/gateway';

const claimedAt = new Date('2026-03-04T15:00:00Z');
const leaseUntil = new Date(claimedAt.getTime() + 120_000);
const at = (seconds: number) => new Date(claimedAt.getTime() + seconds * 1000);

describe('leaseBudgetMs', () => {
  it('is what is left of the lease, less the margin', () => {
    expect(leaseBudgetMs({ leaseUntil }, claimedAt)).toBe(120_000 - LEASE_MARGIN_MS);
    expect(leaseBudgetMs({ leaseUntil }, at(100))).toBe(20_000 - LEASE_MARGIN_MS);
    expect(leaseBudgetMs({ leaseUntil }, at(118))).toBe(2_000 - LEASE_MARGIN_MS);
  });

  it('is nothing for a job without a lease', () => {
    expect(leaseBudgetMs({ leaseUntil: null }, claimedAt)).toBe(0);
  });

  it('stops a send that starts too late in its lease before it reaches Slack', async () => {
    const calls: string[] = [];
    const client = { apiCall: async (method: string) => void calls.push(method) } as unknown as WebClient;
    const gateway = new SlackGateway(client, { log: pino({ level: 'silent' }), requestTimeoutMs: 10_000 });
    // 100 s into a 120 s lease: 15 s of budget, room for one 10 s request.
    await gateway.withBudget(leaseBudgetMs({ leaseUntil }, at(100))).call('chat.postMessage', {});
    expect(calls).toEqual(['chat.postMessage']);
    // 110 s in: 5 s left, too little for a request that may take 10 s.
    await expect(
      gateway.withBudget(leaseBudgetMs({ leaseUntil }, at(110))).call('chat.postMessage', {}),
    ).rejects.toMatchObject({ slackError: 'request_timeout', kind: 'retryable' });
    expect(calls).toEqual(['chat.postMessage']);
  });
});
