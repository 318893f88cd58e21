/**
 * Benchmark 3: HTTP response time of `/incident create "…" severity=3` under 40 concurrent requests,
 * ours against a bare Bolt app that only acks. Our handler parses, acks at once, then commits the
 * incident and its queued Slack work in one transaction (bounded work queue) and answers through
 * response_url; the Slack calls happen later in the job runner (which is running, with the stand-in's
 * latency, so each round's channel provisioning is the load). Also reported: time until the answer.
 * Each round: wait for our queue to go quiet, 40 at once to the bare app, then 40 at once to ours.
 * Then a couple more rounds with our runner stopped, to show how much of our figure is the background work.
 */
import type { BenchDatabase } from './database';
import { startBareBolt } from './bareBolt';
import { SLACK_DELAY_MS, startBenchSlackApp } from './slackApp';
import { PEOPLE } from '../test/support/harness';
import type { SlackDriver } from '../src/slackSimulator/driver';
import { commandWithAnswer, CommandTiming } from './answer';
import { waitForQuietQueue } from './quietQueue';
import { round, roundSummary, Summary, summarize } from './stats';

export interface AckRound {
  round: string;
  ours: Summary;
  bare: Summary;
  /** ours p99 / bare p99 */
  p99Ratio: number;
  /** Answers other than HTTP 200 + "Declared incident" (ours) / HTTP 200 (bare). */
  oursFailed: number;
  bareFailed: number;
  /** Until the person saw "Declared incident #…" (response_url post), ms. */
  oursAnswer: Summary;
  /** Every response time, ms. */
  samples: { ours: number[]; bare: number[] };
}

export interface AckLatencyResult {
  slackDelayMs: number;
  concurrency: number;
  rounds: AckRound[];
  /** Extra rounds with our job runner stopped (no background Slack work in the process). */
  runnerStopped: AckRound[];
  all: { ours: Summary; bare: Summary; p99Ratio: number; p50Ratio: number };
  incidentsCreated: number;
}

export async function benchAckLatency(
  db: BenchDatabase,
  opts: { rounds?: number; stoppedRounds?: number; concurrency?: number } = {},
): Promise<AckLatencyResult> {
  const rounds = opts.rounds ?? 5;
  const concurrency = opts.concurrency ?? 40;
  const stoppedRounds = opts.stoppedRounds ?? 2;
  const bench = await startBenchSlackApp(db);
  const bare = await startBareBolt(bench.slack);
  let n = 0;
  const send = (driver: SlackDriver) =>
    commandWithAnswer(driver, bench.slack, {
      text: `create "Bench ack ${++n}" severity=3`,
      userId: PEOPLE.alice,
      channelId: bench.channels.general,
    });
  const sendBare = (driver: SlackDriver) =>
    driver.command({
      text: `create "Bench ack ${++n}" severity=3`,
      userId: PEOPLE.alice,
      channelId: bench.channels.general,
    });
  const burst = (driver: SlackDriver) => Promise.all(Array.from({ length: concurrency }, () => send(driver)));
  const burstBare = (driver: SlackDriver) => Promise.all(Array.from({ length: concurrency }, () => sendBare(driver)));
  const declared = (r: CommandTiming) => r.status === 200 && /Declared incident #\d+/.test(r.text);

  try {
    // Warm both (JIT, connection pools, prepared plans): not measured.
    for (let i = 0; i < 5; i++) {
      await sendBare(bare.driver);
      await send(bench.driver);
    }
    const allOurs: number[] = [];
    const allBare: number[] = [];
    const runRound = async (label: string): Promise<AckRound> => {
      const bareRes = await burstBare(bare.driver);
      const oursRes = await burst(bench.driver);
      const ours = summarize(oursRes.map((x) => x.ackMs));
      const bareS = summarize(bareRes.map((x) => x.ms));
      return {
        round: label,
        ours: roundSummary(ours),
        bare: roundSummary(bareS),
        p99Ratio: round(ours.p99 / bareS.p99),
        oursFailed: oursRes.filter((x) => !declared(x)).length,
        bareFailed: bareRes.filter((x) => x.status !== 200).length,
        oursAnswer: roundSummary(summarize(oursRes.map((x) => x.answerMs))),
        samples: { ours: oursRes.map((x) => round(x.ackMs)), bare: bareRes.map((x) => round(x.ms)) },
      };
    };
    const results: AckRound[] = [];
    for (let r = 1; r <= rounds; r++) {
      await waitForQuietQueue(bench.app.deps.db);
      const result = await runRound(String(r));
      allOurs.push(...result.samples.ours);
      allBare.push(...result.samples.bare);
      results.push(result);
    }
    // The same, with the runner stopped: separates the ack path's own cost from the background sends'.
    await bench.app.runner.stop();
    const runnerStopped: AckRound[] = [];
    for (let r = 1; r <= stoppedRounds; r++) runnerStopped.push(await runRound(`stopped ${r}`));
    const ours = summarize(allOurs);
    const bareAll = summarize(allBare);
    const incidentsCreated = await bench.app.deps.db.incident.count();
    return {
      slackDelayMs: SLACK_DELAY_MS,
      concurrency,
      rounds: results,
      runnerStopped,
      all: {
        ours: roundSummary(ours),
        bare: roundSummary(bareAll),
        p99Ratio: round(ours.p99 / bareAll.p99),
        p50Ratio: round(ours.p50 / bareAll.p50),
      },
      incidentsCreated,
    };
  } finally {
    await bare.stop();
    await bench.stop();
  }
}
