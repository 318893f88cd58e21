/**
 * Benchmark 2: from a page's escalation timer being due to Slack receiving the page DM, end to end:
 * SEV1 declared through a signed slash command → the runner fires the `notify` escalation timer →
 * the page.dm job is sent (conversations.open + chat.postMessage) → the stand-in records the call.
 * "Received" is the stand-in's arrival time of the chat.postMessage (before its simulated latency).
 */
import type { BenchDatabase } from './database';
import { SLACK_DELAY_MS, startBenchSlackApp } from './slackApp';
import { PEOPLE } from '../test/support/harness';
import { waitForQuietQueue } from './quietQueue';
import { roundSummary, Summary, summarize } from './stats';
import { commandWithAnswer } from './answer';

export interface DueToDmShape {
  shape: string;
  incidents: number;
  declared: number;
  dms: number;
  /** Escalation timer due → DM chat.postMessage arrives at Slack. */
  dueToDm: Summary;
  /** Of which: due → timer fired. */
  dueToFired: Summary;
  /** Of which: timer fired → DM arrives (the Slack lane: provisioning of the channel goes first). */
  firedToDm: Summary;
}

export interface DueToDmResult {
  slackDelayMs: number;
  shapes: DueToDmShape[];
}

const PAGE_DM = /You are paged for SEV1 incident #(\d+)/;

export async function benchDueToDm(
  db: BenchDatabase,
  opts: { incidents?: number; spacingMs?: number } = {},
): Promise<DueToDmResult> {
  const incidents = opts.incidents ?? 20;
  const spacingMs = opts.spacingMs ?? 500;
  const bench = await startBenchSlackApp(db);
  const dueAt = new Map<number, number>();
  const firedAt = new Map<number, number>();
  bench.app.runner.onTimerFired = (job, fired) => {
    const payload = job.payload as { action?: string };
    if (
      job.kind === 'escalation' &&
      payload.action === 'notify' &&
      job.incidentId !== null &&
      !dueAt.has(job.incidentId)
    ) {
      dueAt.set(job.incidentId, job.dueAt.getTime());
      firedAt.set(job.incidentId, fired.getTime());
    }
  };
  const dmArrival = (): Map<number, number> => {
    const seen = new Map<number, number>();
    for (const call of bench.slack.callsTo('chat.postMessage')) {
      const match = PAGE_DM.exec(String(call.args.text ?? ''));
      if (match && call.response?.ok && !seen.has(Number(match[1]))) seen.set(Number(match[1]), call.at);
    }
    return seen;
  };

  const declare = async (n: number): Promise<number | null> => {
    const res = await commandWithAnswer(bench.driver, bench.slack, {
      text: `create "Bench outage ${n}" severity=1`,
      userId: PEOPLE.alice,
      channelId: bench.channels.general,
    });
    const match = /Declared incident #(\d+)/.exec(res.text);
    return res.status === 200 && match ? Number(match[1]) : null;
  };

  const runShape = async (shape: string, declareAll: () => Promise<(number | null)[]>): Promise<DueToDmShape> => {
    const ids = (await declareAll()).filter((id): id is number => id !== null);
    const deadline = Date.now() + 60_000;
    let arrived = dmArrival();
    while (ids.some((id) => !arrived.has(id)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      arrived = dmArrival();
    }
    const measured = ids.filter((id) => arrived.has(id) && dueAt.has(id));
    return {
      shape,
      incidents,
      declared: ids.length,
      dms: measured.length,
      dueToDm: roundSummary(summarize(measured.map((id) => arrived.get(id)! - dueAt.get(id)!))),
      dueToFired: roundSummary(summarize(measured.map((id) => firedAt.get(id)! - dueAt.get(id)!))),
      firedToDm: roundSummary(summarize(measured.map((id) => arrived.get(id)! - firedAt.get(id)!))),
    };
  };

  try {
    const shapes: DueToDmShape[] = [];
    let n = 0;
    shapes.push(
      await runShape(`spaced: 1 every ${spacingMs} ms`, async () => {
        const ids: (number | null)[] = [];
        for (let i = 0; i < incidents; i++) {
          const started = Date.now();
          ids.push(await declare(++n));
          await new Promise((r) => setTimeout(r, Math.max(0, spacingMs - (Date.now() - started))));
        }
        return ids;
      }),
    );
    await waitForQuietQueue(bench.app.deps.db);
    shapes.push(
      await runShape(`burst: ${incidents} at once`, () =>
        Promise.all(Array.from({ length: incidents }, () => declare(++n))),
      ),
    );
    return { slackDelayMs: SLACK_DELAY_MS, shapes };
  } finally {
    await bench.stop();
  }
}
