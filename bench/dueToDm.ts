/**
 * Benchmark 2: from a page's escalation timer being due to Slack receiving the page DM, end to end:
 * SEV1 declared through a signed slash command → the runner fires the `notify` escalation timer →
 * the page.dm job is sent (conversations.open + chat.postMessage) → the stand-in records the call.
 * "Received" is the stand-in's arrival time of the chat.postMessage (before its simulated latency).
 *
 * Shapes: SEV1 incidents declared spaced out and all at once, each paging the same primary (one DM
 * channel, so Slack's pace of about one message a second per conversation sets the burst's tail); and
 * 20 different people paged at once, each by a `/page` in an incident of their own (20 DM channels:
 * what the runner's parallel page lane is for).
 */
import type { BenchDatabase } from './database';
import { SLACK_DELAY_MS, startBenchSlackApp, type BenchSlackApp } from './slackApp';
import { mention } from '../src/slackSimulator/driver';
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
  /** By page id, for the `/page` shape (its incidents page nobody on declare). */
  const pageDueAt = new Map<number, number>();
  const pageFiredAt = new Map<number, number>();
  bench.app.runner.onTimerFired = (job, fired) => {
    const notify = job.payload as { action?: string; pageId?: number };
    if (job.kind === 'escalation' && notify.action === 'notify' && notify.pageId && !pageDueAt.has(notify.pageId)) {
      pageDueAt.set(notify.pageId, job.dueAt.getTime());
      pageFiredAt.set(notify.pageId, fired.getTime());
    }
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
    await waitForQuietQueue(bench.app.deps.db);
    shapes.push(await pageDifferentPeople(bench, incidents, pageDueAt, pageFiredAt));
    return { slackDelayMs: SLACK_DELAY_MS, shapes };
  } finally {
    await bench.stop();
  }
}

/** A page DM's job key (its message metadata): `page:<pageId>:…`. */
const PAGE_DM_KEY = /^page:(\d+):/;

/**
 * `count` people, each paged at the same moment by a `/page` in an incident of their own (SEV3: no page
 * on declare), so the DMs go to `count` different conversations. Each is paged by someone else: one
 * person may start only so many pages a minute (paging.max_pages_per_person).
 */
async function pageDifferentPeople(
  bench: BenchSlackApp,
  count: number,
  dueAt: Map<number, number>,
  firedAt: Map<number, number>,
): Promise<DueToDmShape> {
  const people = Array.from({ length: count }, (_, i) => `U0BENCH${String(i).padStart(3, '0')}`);
  for (const id of people) bench.slack.addUser({ id, name: id.toLowerCase(), tz: 'America/Chicago' });
  const channels: string[] = [];
  for (const [i, person] of people.entries()) {
    const res = await commandWithAnswer(bench.driver, bench.slack, {
      text: `create "Bench page ${i}" severity=3`,
      userId: person,
      channelId: bench.channels.general,
    });
    const id = /Declared incident #(\d+)/.exec(res.text);
    if (!id) throw new Error(`could not declare: ${res.text}`);
    channels.push(id[1]);
  }
  // `/page` is for incident channels: wait for all of them to exist.
  const ids = channels.map(Number);
  const channelDeadline = Date.now() + 120_000;
  let incidents = await bench.app.deps.db.incident.findMany({ where: { id: { in: ids } } });
  while (incidents.some((i) => !i.channelId)) {
    if (Date.now() > channelDeadline)
      throw new Error(
        `incident channels not created in 120 s: ${incidents.filter((i) => !i.channelId).length} missing`,
      );
    await new Promise((r) => setTimeout(r, 100));
    incidents = await bench.app.deps.db.incident.findMany({ where: { id: { in: ids } } });
  }
  await waitForQuietQueue(bench.app.deps.db);
  const channelOf = new Map(incidents.map((i) => [String(i.id), i.channelId!]));
  const before = bench.slack.callsTo('chat.postMessage').length;
  const answers = await Promise.all(
    people.map((person, i) =>
      commandWithAnswer(bench.driver, bench.slack, {
        command: '/page',
        text: `${mention.user(person, person.toLowerCase())} "Bench: a second pair of eyes"`,
        userId: people[(i + 1) % count],
        channelId: channelOf.get(channels[i])!,
      }),
    ),
  );
  const paged = answers.filter((a) => a.status === 200).length;
  const arrivedAt = (): Map<number, number> => {
    const seen = new Map<number, number>();
    for (const call of bench.slack.callsTo('chat.postMessage').slice(before)) {
      const key = (call.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
      const match = PAGE_DM_KEY.exec(key ?? '');
      if (match && call.response?.ok && !seen.has(Number(match[1]))) seen.set(Number(match[1]), call.at);
    }
    return seen;
  };
  const deadline = Date.now() + 60_000;
  let arrived = arrivedAt();
  while (arrived.size < count && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    arrived = arrivedAt();
  }
  const measured = [...arrived.keys()].filter((id) => dueAt.has(id));
  return {
    shape: `burst: ${count} different people paged at once (/page, one each)`,
    incidents: count,
    declared: paged,
    dms: measured.length,
    dueToDm: roundSummary(summarize(measured.map((id) => arrived.get(id)! - dueAt.get(id)!))),
    dueToFired: roundSummary(summarize(measured.map((id) => firedAt.get(id)! - dueAt.get(id)!))),
    firedToDm: roundSummary(summarize(measured.map((id) => arrived.get(id)! - firedAt.get(id)!))),
  };
}
