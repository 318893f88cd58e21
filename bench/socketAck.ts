/**
 * Benchmark 3b: Socket Mode ack latency of `/incident create "…" severity=3`, from the stand-in pushing the
 * envelope to the app's ack on the socket (Slack allows 3 s; the tests leave the figure to this bench and
 * only fail on a missed ack). One at a time, then bursts of `concurrency` at once. The job runner is not
 * driven while measuring, so this is the ack path alone.
 */
import type { BenchDatabase } from './database';
import { startHarness, PEOPLE } from '../test/support/harness';
import { createPrismaClient } from '../src/db/prismaClient';
import { roundSummary, summarize, ms, type Summary } from './stats';

export interface SocketAckResult {
  concurrency: number;
  sequential: Summary;
  burst: Summary;
  /** Acks with anything but the empty payload (the answer goes through response_url). */
  unexpected: number;
}

export async function benchSocketAck(
  db: BenchDatabase,
  opts: { sequential?: number; bursts?: number; concurrency?: number } = {},
): Promise<SocketAckResult> {
  const sequentialN = opts.sequential ?? 50;
  const bursts = opts.bursts ?? 5;
  const concurrency = opts.concurrency ?? 20;
  const prisma = createPrismaClient(db.url);
  const h = await startHarness({
    socketMode: true,
    database: { url: db.url, prisma, drop: () => prisma.$disconnect() },
  });
  let n = 0;
  let unexpected = 0;
  const send = async () => {
    const ack = await h.socket!.command({
      text: `create "Bench socket ack ${++n}" severity=3`,
      userId: PEOPLE.alice,
      channelId: h.channels.general,
      responseUrl: h.slack.responseUrl(`socket-ack-${n}`),
    });
    if (Object.keys(ack.payload).length > 0) unexpected += 1;
    return ack.ms;
  };
  try {
    for (let i = 0; i < 5; i++) await send(); // warm-up, not measured
    const sequential: number[] = [];
    for (let i = 0; i < sequentialN; i++) sequential.push(await send());
    const burst: number[] = [];
    for (let b = 0; b < bursts; b++) burst.push(...(await Promise.all(Array.from({ length: concurrency }, send))));
    return {
      concurrency,
      sequential: roundSummary(summarize(sequential)),
      burst: roundSummary(summarize(burst)),
      unexpected,
    };
  } finally {
    await h.stop();
  }
}

export function renderSocketAck(r: SocketAckResult): string {
  const line = (label: string, s: Summary) =>
    `   ${label}: p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)} (n = ${s.n}; Slack's limit 3,000 ms)`;
  return [
    '3b. Socket Mode ack latency, /incident create (envelope pushed → ack on the socket)',
    line('one at a time', r.sequential),
    line(`${r.concurrency} at once`, r.burst),
    `   acks that were not empty: ${r.unexpected}`,
  ].join('\n');
}
