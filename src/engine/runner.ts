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
import { claimDueSlackJobs, claimDueTimer, failJob, finishJob, retryJobAt } from '../store/jobQueue';
import type { Json } from '../store/types';
import { SendHandler, TimerHandler, sendHandlers as defaultSendHandlers, timerHandlers as defaultTimerHandlers } from './handlers';
import { DeferJob } from './sends/deliver';

export interface RunnerOptions {
  /** How long a claimed Slack job stays invisible to other replicas (longer than any single send). */
  leaseMs?: number;
  /** Incidents whose Slack work runs at the same time. */
  sendConcurrency?: number;
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

export class JobRunner {
  private task: ScheduledTask | null = null;
  private running: Promise<TickStats> | null = null;
  private again = false;
  private stopped = false;
  private readonly leaseMs: number;
  private readonly sendConcurrency: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly timerHandlers: Record<string, TimerHandler>;
  private readonly sendHandlers: Record<string, SendHandler>;
  /** Observers (the bench) learn when each timer fired relative to its due time. */
  onTimerFired: ((job: Job, firedAt: Date) => void) | null = null;

  constructor(
    private readonly deps: Deps,
    opts: RunnerOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.sendConcurrency = opts.sendConcurrency ?? 4;
    this.batchSize = opts.batchSize ?? 50;
    this.maxAttempts = opts.maxAttempts ?? 12;
    this.timerHandlers = opts.timerHandlers ?? defaultTimerHandlers;
    this.sendHandlers = opts.sendHandlers ?? defaultSendHandlers;
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
    await this.running?.catch(() => undefined);
  }

  /** Run a tick soon; ticks never overlap, a kick during one makes it run once more. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = null));
  }

  /** For tests and the bench: run ticks until nothing is due now (as the clock says). */
  async drain(maxTicks = 1_000): Promise<TickStats> {
    const total: TickStats = { timers: 0, sends: 0 };
    await this.running?.catch(() => undefined);
    for (let i = 0; i < maxTicks; i++) {
      const stats = await this.tick();
      total.timers += stats.timers;
      total.sends += stats.sends;
      if (stats.timers === 0 && stats.sends === 0) return total;
    }
    return total;
  }

  private async loop(): Promise<TickStats> {
    let stats: TickStats = { timers: 0, sends: 0 };
    do {
      this.again = false;
      try {
        stats = await this.tick();
      } catch (error) {
        this.deps.log.error({ err: errorText(error) }, 'job runner tick failed');
      }
    } while ((this.again || stats.sends >= this.batchSize) && !this.stopped);
    return stats;
  }

  async tick(): Promise<TickStats> {
    const timers = await this.fireDueTimers();
    const sends = await this.sendDueJobs();
    return { timers, sends };
  }

  private async fireDueTimers(): Promise<number> {
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
    if (attempts >= this.maxAttempts) await failJob(this.deps.db, job, now, errorText(error));
    else await retryJobAt(this.deps.db, job, new Date(now.getTime() + backoffMs(attempts)), errorText(error));
  }

  private async sendDueJobs(): Promise<number> {
    const jobs = await claimDueSlackJobs(this.deps.db, this.deps.clock.now(), this.batchSize, this.leaseMs);
    if (jobs.length === 0) return 0;
    // One lane per incident keeps its messages in order; lanes run side by side.
    const lanes = new Map<string, Job[]>();
    for (const job of jobs) {
      const lane = String(job.incidentId ?? `job${job.id}`);
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
        await retryJobAt(this.deps.db, job, new Date(now.getTime() + error.delayMs), null);
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
