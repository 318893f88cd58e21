/**
 * The job runner. node-cron (or a kick after new work is enqueued) triggers a tick; the tick
 *  1. fires every due timer, each in its own transaction: claim one row FOR UPDATE SKIP LOCKED, run its
 *     handler (pure decisions + writes), mark it done, commit — a crash rolls the whole step back;
 *  2. sends due Slack jobs under a lease, a few incidents at a time, each incident's jobs in due order.
 * The runner holds no state of its own: a restarted or second replica picks up exactly where the
 * database says. Slack work never runs on the request path, so it cannot slow anyone's ack.
 */
import cron, { ScheduledTask } from 'node-cron';
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../deps';
import { SlackCallError } from '../slack/gateway';
import { claimDueSlackJobs, claimDueTimer, failJob, finishJob, retryJobAt } from './queue';
import type { Json } from '../db/types';
import { SendHandler, TimerHandler, sendHandlers as defaultSendHandlers, timerHandlers as defaultTimerHandlers } from '../handlers';
import { DeferJob } from './deliver';
import { enqueuePost, JOB } from './enqueue';
import { escapeMrkdwn } from '../slack/mrkdwn';

export interface RunnerOptions {
  /** How long a claimed Slack job stays invisible to other replicas (longer than any single send). */
  leaseMs?: number;
  /**
   * Incidents (and page DMs) whose Slack work runs at the same time. Kept low on purpose: this work
   * shares the event loop with request acks, and bench 3 measured ack p99 at 1.5× a bare Bolt app's
   * with 2, 2.1× with 4 and 5.6× with 8 (40 concurrent commands).
   */
  sendConcurrency?: number;
  /** Transactions claiming due timers at the same time. */
  timerConcurrency?: number;
  batchSize?: number;
  /** Attempts after which a failing job is given up (and reported in the log). */
  maxAttempts?: number;
  timerHandlers?: Record<string, TimerHandler>;
  sendHandlers?: Record<string, SendHandler>;
}

export interface TickStats {
  timers: number;
  sends: number;
}

/**
 * Runs work as it comes due, on one of two loops so that neither waits for the other: the timer loop
 * (decisions, database only) and the send loop (Slack). Each loop never overlaps itself; a kick while
 * it runs makes it run once more. A fired timer kicks the send loop, so a page goes out at once.
 */
class Loop {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly pass: () => Promise<boolean>,
    private readonly onError: (error: unknown) => void,
  ) {}

  kick(stopped: boolean): void {
    if (stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => (this.running = null));
  }

  /** Wait for a pass in progress (if any) to end. */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  get idle(): boolean {
    return this.running === null;
  }

  private async run(): Promise<void> {
    let more = false;
    do {
      this.again = false;
      try {
        more = await this.pass();
      } catch (error) {
        this.onError(error);
        more = false;
      }
    } while (this.again || more);
  }
}

export class JobRunner {
  private task: ScheduledTask | null = null;
  private stopped = false;
  private readonly leaseMs: number;
  private readonly sendConcurrency: number;
  private readonly timerConcurrency: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly timerHandlers: Record<string, TimerHandler>;
  private readonly sendHandlers: Record<string, SendHandler>;
  private readonly timerLoop: Loop;
  private readonly sendLoop: Loop;
  /** Page DMs have a loop of their own: a burst of channel set-ups must never hold back a page. */
  private readonly pageLoop: Loop;
  /** Observers (the bench) learn when each timer fired relative to its due time. */
  onTimerFired: ((job: Job, firedAt: Date) => void) | null = null;

  constructor(
    private readonly deps: Deps,
    opts: RunnerOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 120_000;
    this.sendConcurrency = opts.sendConcurrency ?? 2;
    this.timerConcurrency = opts.timerConcurrency ?? 4;
    this.batchSize = opts.batchSize ?? 10;
    this.maxAttempts = opts.maxAttempts ?? 12;
    this.timerHandlers = opts.timerHandlers ?? defaultTimerHandlers;
    this.sendHandlers = opts.sendHandlers ?? defaultSendHandlers;
    const onError = (what: string) => (error: unknown) => this.deps.log.error({ err: errorText(error) }, `${what} failed`);
    this.timerLoop = new Loop(async () => {
      const fired = await this.fireDueTimers();
      if (fired > 0) this.kickSends();
      return false;
    }, onError('timer pass'));
    this.sendLoop = new Loop(async () => (await this.sendDueJobs(false)) >= this.batchSize, onError('send pass'));
    this.pageLoop = new Loop(async () => (await this.sendDueJobs(true)) >= this.batchSize, onError('page pass'));
  }

  /** Tick every second until stop(). */
  start(): void {
    this.stopped = false;
    this.task = cron.schedule('* * * * * *', () => this.kick(), { noOverlap: false });
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.stop();
    this.task = null;
    await Promise.all([this.timerLoop.settled(), this.sendLoop.settled(), this.pageLoop.settled()]);
  }

  /** Look for due work now instead of at the next tick. */
  kick(): void {
    this.timerLoop.kick(this.stopped);
    this.kickSends();
  }

  private kickSends(): void {
    this.pageLoop.kick(this.stopped);
    this.sendLoop.kick(this.stopped);
  }

  /** For tests and the bench: run passes until nothing is due now (as the clock says). */
  async drain(maxTicks = 1_000): Promise<TickStats> {
    const total: TickStats = { timers: 0, sends: 0 };
    for (let i = 0; i < maxTicks; i++) {
      // A background pass (started by a kick) may hold leases: wait for it, in the order one kicks the other.
      await this.timerLoop.settled();
      await Promise.all([this.pageLoop.settled(), this.sendLoop.settled()]);
      const stats = await this.tick();
      total.timers += stats.timers;
      total.sends += stats.sends;
      if (stats.timers === 0 && stats.sends === 0 && this.timerLoop.idle && this.sendLoop.idle && this.pageLoop.idle) return total;
    }
    return total;
  }

  /** One pass of each loop, timers first (what they decide is then sent in the same pass). */
  async tick(): Promise<TickStats> {
    const timers = await this.fireDueTimers();
    const sends = (await this.sendDueJobs(true)) + (await this.sendDueJobs(false));
    return { timers, sends };
  }

  /** Several claimers at once: SKIP LOCKED hands each a different due timer. */
  private async fireDueTimers(): Promise<number> {
    const counts = await Promise.all(Array.from({ length: this.timerConcurrency }, () => this.fireTimersOneByOne()));
    return counts.reduce((a, b) => a + b, 0);
  }

  private async fireTimersOneByOne(): Promise<number> {
    let fired = 0;
    for (;;) {
      const now = this.deps.clock.now();
      let claimed: Job | null = null;
      let current: Job | null = null;
      try {
        claimed = await this.deps.db.$transaction(async (tx) => {
          const job = await claimDueTimer(tx, now);
          if (!job) return null;
          current = job;
          const handler = this.timerHandlers[job.kind];
          if (!handler) throw new Error(`no handler for timer kind ${job.kind}`);
          await handler(tx, job, this.deps, now);
          await finishJob(tx, job, now);
          return job;
        }, { timeout: 30_000 });
      } catch (error) {
        // The transaction rolled back; push that job back a little so the others are not held up.
        if (current) await this.recordTimerFailure(current, now, error);
        else this.deps.log.error({ err: errorText(error) }, 'claiming timers failed');
        return fired;
      }
      if (!claimed) return fired;
      fired++;
      this.onTimerFired?.(claimed, now);
    }
  }

  private async recordTimerFailure(job: Job, now: Date, error: unknown): Promise<void> {
    this.deps.log.error({ incidentId: job.incidentId, jobKey: job.key, err: errorText(error) }, 'timer failed; will retry');
    const attempts = job.attempts + 1;
    await this.deps.db.job.updateMany({ where: { id: job.id, state: 'pending' }, data: { attempts } });
    if (attempts < this.maxAttempts) {
      await retryJobAt(this.deps.db, job, new Date(now.getTime() + backoffMs(attempts)), errorText(error));
      return;
    }
    await failJob(this.deps.db, job, now, errorText(error));
    // A timer that gives up must not do so quietly: an escalation that stopped is a page nobody gets.
    if (job.incidentId) {
      await enqueuePost(this.deps.db, now, {
        key: `timer-failed:${job.key}:${job.version}`,
        incidentId: job.incidentId,
        to: { kind: 'incident' },
        text: `:warning: <!here> The bot could not run its \`${job.kind}\` timer after ${attempts} tries (last error: ${escapeMrkdwn(errorText(error)).slice(0, 300)}). ${job.kind === JOB.escalation ? `Escalation of this page has stopped: page people directly with \`${this.deps.config.commands.page}\`.` : 'Check the bot\'s logs.'}`,
      });
      this.sendLoop.kick(this.stopped);
    }
  }

  private async sendDueJobs(pageDms: boolean): Promise<number> {
    const filter = pageDms ? { only: JOB.pageDm } : { except: JOB.pageDm };
    const jobs = await claimDueSlackJobs(this.deps.db, this.deps.clock.now(), this.batchSize, this.leaseMs, filter);
    if (jobs.length === 0) return 0;
    // One lane per incident keeps its messages in order; lanes run side by side. A page DM gets a lane
    // of its own: waking someone must not wait behind the incident's channel set-up.
    const lanes = new Map<string, Job[]>();
    for (const job of jobs) {
      const lane = job.kind === JOB.pageDm || !job.incidentId ? `job${job.id}` : String(job.incidentId);
      lanes.set(lane, [...(lanes.get(lane) ?? []), job]);
    }
    const queue = [...lanes.values()];
    const workers = Array.from({ length: Math.min(this.sendConcurrency, queue.length) }, async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const job of lane) await this.send(job);
      }
    });
    await Promise.all(workers);
    return jobs.length;
  }

  private async send(job: Job): Promise<void> {
    const handler = this.sendHandlers[job.kind];
    const log = this.deps.log.child({ incidentId: job.incidentId, jobKey: job.key });
    try {
      if (!handler) throw new Error(`no handler for send kind ${job.kind}`);
      const result = await handler(job, this.deps);
      await finishJob(this.deps.db, job, this.deps.clock.now(), (result ?? undefined) as Json | undefined);
    } catch (error) {
      const now = this.deps.clock.now();
      if (error instanceof DeferJob) {
        await retryJobAt(this.deps.db, job, new Date(now.getTime() + error.delayMs), null, true);
        return;
      }
      const permanent = error instanceof SlackCallError && !error.retryable;
      if (permanent || job.attempts >= this.maxAttempts) {
        log.error({ err: errorText(error), attempts: job.attempts }, 'slack job failed; giving up');
        await failJob(this.deps.db, job, now, errorText(error));
        return;
      }
      const wait = Math.max(error instanceof SlackCallError ? error.retryAfterMs : 0, backoffMs(job.attempts));
      log.warn({ err: errorText(error), attempts: job.attempts, retryInMs: wait }, 'slack job failed; will retry');
      await retryJobAt(this.deps.db, job, new Date(now.getTime() + wait), errorText(error));
    }
  }
}

function backoffMs(attempts: number): number {
  return Math.min(5 * 60_000, 1_000 * 2 ** Math.max(0, attempts - 1));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
