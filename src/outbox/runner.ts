/**
 * The outbox runner. node-cron (or a kick after new work is enqueued) triggers a tick; the tick
 *  1. fires every due timer: lease it, load what it needs (Slack included) with no transaction open,
 *     decide (pure), then apply in one short transaction that holds the timer's row and checks that
 *     this claim is still current — a crash before the apply commits changes nothing, and another
 *     replica takes the timer over once the lease runs out;
 *  2. sends due Slack jobs under a lease, a few incidents at a time, each incident's jobs in due order.
 * The runner holds no state of its own: a restarted or second replica picks up exactly where the
 * database says. Slack work never runs on the request path, so it cannot slow anyone's ack.
 */
import cron, { ScheduledTask } from 'node-cron';
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import {
  nextDueWithin,
  claimDueSlackJobs,
  claimDueTimer,
  failJob,
  finishJob,
  lockClaimed,
  releaseJob,
  retryJobAt,
} from './jobTable';
import {
  StaleDecision,
  type GiveUpHandler,
  type JobHandlers,
  type SendHandler,
  type TimerHandler,
} from './handlerTypes';
import { tellTimerGaveUp } from './timerGaveUp';
import { afterFailure, errorText } from './afterFailure';
import { JOB } from './kinds';
import { leaseBudgetMs } from './leaseBudget';
import { Loop } from './loop';

export interface RunnerOptions {
  /** How long a claimed Slack job stays invisible to other replicas (longer than any single send). */
  leaseMs?: number;
  /** How long a claimed timer stays invisible to other replicas while it loads, decides and applies. */
  timerLeaseMs?: number;
  /**
   * Incidents (and page DMs) whose Slack work runs at the same time. Kept low on purpose: this work
   * shares the event loop with request acks, and each send running beside them adds to their tail
   * latency (docs/adr/0002-ack-first.md).
   */
  sendConcurrency?: number;
  /**
   * Page DMs sent at the same time. Higher than sendConcurrency: each goes to a different person (a
   * different DM channel, so Slack's one-message-a-second-per-channel limit does not bind), and a page
   * held behind nineteen others is a person woken seconds late. conversations.open is Tier 3 (about 50
   * a minute, with bursts): a larger storm meets 429s, which wait out Retry-After without using up attempts.
   */
  pageConcurrency?: number;
  /** Timers fired at the same time (each claims a different one). */
  timerConcurrency?: number;
  batchSize?: number;
  /** Attempts after which a failing job is given up (and reported); a kind's own retry policy may say fewer or more. */
  maxAttempts?: number;
  /** Replace some kinds' handlers (tests freeze or break one kind). */
  timerHandlers?: Record<string, TimerHandler>;
  sendHandlers?: Record<string, SendHandler>;
}

export interface TickStats {
  timers: number;
  sends: number;
}

/** A stale decision is re-run at once, but not forever: rows that keep moving are a bug to report. */
const MAX_STALE_RERUNS = 5;

/** What wakes a person: their own pool of senders, never behind an incident's channel posts. */
const PAGE_KINDS: readonly string[] = [JOB.pageDm, JOB.pageContact, JOB.pagerDutyEvent];
/** How far ahead the page pool looks for its next due job: beyond it, the tick comes first anyway. */
const PAGE_WAKE_HORIZON_MS = 2_000;

export class JobRunner {
  private task: ScheduledTask | null = null;
  private stopped = false;
  private readonly leaseMs: number;
  private readonly timerLeaseMs: number;
  private readonly sendConcurrency: number;
  private readonly pageConcurrency: number;
  private readonly timerConcurrency: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly timerHandlers: Record<string, TimerHandler>;
  private readonly sendHandlers: Record<string, SendHandler>;
  private readonly giveUpHandlers: Record<string, GiveUpHandler>;
  /** The kinds this release runs: the only ones it claims, so a newer release's jobs wait for a newer replica. */
  private readonly timerKinds: readonly string[];
  private readonly sendKinds: readonly string[];
  private readonly timerLoop: Loop;
  private readonly sendLoop: Loop;
  /** Page DMs have a loop of their own: a burst of channel set-ups must never hold back a page. */
  private readonly pageLoop: Loop;
  /**
   * Page DMs being sent by the started runner. A pool, not passes: a DM whose timer fired while others
   * are on their way is claimed as soon as a sender is free, instead of after the slowest of the batch.
   */
  private readonly pageSends = new Set<Promise<void>>();
  /**
   * A wake-up at the due time of the next page job due within the next tick or two (a rule's text at
   * 1 minute): without it such a job waits for the every-second tick, up to a second late.
   */
  private pageWake: { at: number; timer: NodeJS.Timeout } | null = null;
  /** Observers (the bench) learn when each timer fired relative to its due time. */
  onTimerFired: ((job: Job, firedAt: Date) => void) | null = null;
  /** Real time (performance.now) of the last timer pass that read the outbox, while started; for /readyz. */
  private lastPassAt: number | null = null;

  constructor(
    private readonly deps: Deps,
    handlers: JobHandlers,
    opts: RunnerOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 120_000;
    this.timerLeaseMs = opts.timerLeaseMs ?? 60_000;
    this.sendConcurrency = opts.sendConcurrency ?? 2;
    this.pageConcurrency = opts.pageConcurrency ?? 10;
    this.timerConcurrency = opts.timerConcurrency ?? 4;
    this.batchSize = opts.batchSize ?? 10;
    this.maxAttempts = opts.maxAttempts ?? 12;
    this.timerHandlers = { ...handlers.timers, ...opts.timerHandlers };
    this.sendHandlers = { ...handlers.sends, ...opts.sendHandlers };
    this.giveUpHandlers = { ...handlers.gaveUp };
    this.timerKinds = Object.keys(this.timerHandlers);
    this.sendKinds = Object.keys(this.sendHandlers);
    const onError = (what: string) => (error: unknown) =>
      this.deps.log.error({ err: errorText(error) }, `${what} failed`);
    this.timerLoop = new Loop(async () => {
      const { fired, claimFailed } = await this.fireDueTimers();
      // A pass that could not read the outbox (the database is down) is no pass: the engine's age keeps growing.
      if (this.task && !claimFailed) this.lastPassAt = performance.now();
      if (fired > 0) this.kickSends();
      return false;
    }, onError('timer pass'));
    this.sendLoop = new Loop(async () => (await this.sendDueJobs(false)) >= this.batchSize, onError('send pass'));
    this.pageLoop = new Loop(() => this.dispatchPageDms(), onError('page pass'));
  }

  /** Page DMs claimed in one pass: two rounds of the concurrent senders, so a round never waits for a claim. */
  private get pageBatchSize(): number {
    return Math.max(this.batchSize, 2 * this.pageConcurrency);
  }

  /** Milliseconds since the last timer pass, or null when this runner is not started (driven by hand). */
  msSinceLastPass(): number | null {
    if (!this.task) return null;
    return this.lastPassAt === null ? 0 : performance.now() - this.lastPassAt;
  }

  /** Tick every second until stop(). */
  start(): void {
    this.stopped = false;
    this.lastPassAt = performance.now();
    this.task = cron.schedule('* * * * * *', () => this.kick(), { noOverlap: false });
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.stop();
    this.task = null;
    if (this.pageWake) clearTimeout(this.pageWake.timer);
    this.pageWake = null;
    await Promise.all([this.timerLoop.settled(), this.sendLoop.settled(), this.pageLoop.settled()]);
    await this.pageSendsSettled();
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
      await this.pageSendsSettled();
      const stats = await this.tick();
      total.timers += stats.timers;
      total.sends += stats.sends;
      const idle = this.timerLoop.idle && this.sendLoop.idle && this.pageLoop.idle && this.pageSends.size === 0;
      if (stats.timers === 0 && stats.sends === 0 && idle) return total;
    }
    return total;
  }

  /** One pass of each loop, timers first (what they decide is then sent in the same pass). */
  async tick(): Promise<TickStats> {
    const timers = (await this.fireDueTimers()).fired;
    const sends = (await this.sendDueJobs(true)) + (await this.sendDueJobs(false));
    return { timers, sends };
  }

  /**
   * Several claimers at once: SKIP LOCKED hands each a different due timer. `claimFailed`: a claimer
   * could not ask the database for due timers, so due ones may be left.
   */
  private async fireDueTimers(): Promise<{ fired: number; claimFailed: boolean }> {
    const claimers = await Promise.all(Array.from({ length: this.timerConcurrency }, () => this.fireTimersOneByOne()));
    return {
      fired: claimers.reduce((sum, c) => sum + c.fired, 0),
      claimFailed: claimers.some((c) => c.claimFailed),
    };
  }

  private async fireTimersOneByOne(): Promise<{ fired: number; claimFailed: boolean }> {
    let fired = 0;
    for (;;) {
      if (this.stopped) return { fired, claimFailed: false }; // stopping: claim nothing new
      await this.deps.ackFirst?.turn();
      const now = this.deps.clock.now();
      let job: Job | null;
      try {
        job = await claimDueTimer(this.deps.db, now, this.timerLeaseMs, this.timerKinds);
      } catch (error) {
        this.deps.log.error({ err: errorText(error) }, 'claiming timers failed');
        return { fired, claimFailed: true };
      }
      if (!job) return { fired, claimFailed: false };
      if (await this.fireTimer(job, now)) {
        fired++;
        // Its page DMs go now, not once the rest of this pass's timers have fired (started runner only:
        // driven by hand, tick() sends after its timers).
        if (this.task) this.pageLoop.kick(this.stopped);
        this.deps.metrics.timerLateness.observe(
          { kind: job.kind },
          Math.max(0, now.getTime() - job.dueAt.getTime()) / 1000,
        );
        this.onTimerFired?.(job, now);
      }
    }
  }

  /** Load → decide → apply one claimed timer. True when it fired (its decision was applied). */
  private async fireTimer(claimed: Job, now: Date): Promise<boolean> {
    const handler = this.timerHandlers[claimed.kind];
    let job = claimed;
    try {
      if (!handler) throw new Error(`no handler for timer kind ${job.kind}`);
      for (let rerun = 0; ; rerun++) {
        const loaded = await handler.load(job, this.withBudget(leaseBudgetMs(job, this.deps.clock.now())), now);
        const decision = handler.decide(loaded, this.deps.config, now);
        try {
          const applied = await this.deps.db.$transaction(async (tx) => {
            await handler.lockOwner?.(tx, job); // the lock order: owner, then job rows (jobTable.ts)
            if (!(await lockClaimed(tx, job))) return false;
            await handler.apply(tx, job, decision, this.deps, now);
            await finishJob(tx, job, now);
            return true;
          });
          // Not applied: cancelled, re-armed, or taken over since the claim. Whoever changed it owns it now.
          if (!applied) await releaseJob(this.deps.db, job);
          else this.committed(handler, decision, job);
          return applied;
        } catch (error) {
          if (!(error instanceof StaleDecision) || rerun >= MAX_STALE_RERUNS) throw error;
          this.deps.log.info(
            { incidentId: job.incidentId, jobKey: job.key, reason: error.message },
            'timer decision was stale; deciding again',
          );
        }
      }
    } catch (error) {
      await this.recordTimerFailure(job, now, error, handler);
      return false;
    }
  }

  /** The deps for work under a lease: its Slack calls (and directory lookups) must end `ms` from now (leaseBudget.ts). */
  private withBudget(ms: number): Deps {
    const slack = this.deps.slack.withBudget(ms);
    return { ...this.deps, slack, directory: this.deps.directory.via(slack) };
  }

  private committed(handler: TimerHandler, decision: unknown, job: Job): void {
    try {
      handler.committed?.(decision, this.deps, job);
    } catch (error) {
      this.deps.log.error({ jobKey: job.key, err: errorText(error) }, 'counting what a timer did failed');
    }
  }

  private async recordTimerFailure(
    job: Job,
    now: Date,
    error: unknown,
    handler: TimerHandler | undefined,
  ): Promise<void> {
    const next = afterFailure(job, error, now, this.maxAttempts, 'timer');
    if (next.kind === 'leave') return;
    if (next.kind === 'wait') {
      // The bot's token or scopes: nothing is wrong with this timer. Wait (the health check says why), never drop it.
      await retryJobAt(this.deps.db, job, next.at, next.note, true);
      return;
    }
    this.deps.log.error(
      { incidentId: job.incidentId, jobKey: job.key, err: errorText(error) },
      'timer failed; will retry',
    );
    if (next.kind === 'retry') {
      await retryJobAt(this.deps.db, job, next.at, errorText(error));
      return;
    }
    await failJob(this.deps.db, job, now, errorText(error));
    await tellTimerGaveUp(this.deps, job, handler, errorText(error), now);
    this.sendLoop.kick(this.stopped);
  }

  /** One pass of the started runner's page pool: claim as many due page DMs as there are free senders. */
  private async dispatchPageDms(): Promise<boolean> {
    if (this.stopped) return false; // stopping: claim nothing new
    const free = this.pageConcurrency - this.pageSends.size;
    if (free <= 0) return false; // a send that ends kicks the loop again
    const jobs = await claimDueSlackJobs(this.deps.db, this.deps.clock.now(), free, this.leaseMs, {
      only: PAGE_KINDS,
      known: this.sendKinds,
    });
    if (this.task && jobs.length < free) await this.armPageWake();
    for (const job of jobs) {
      const sending: Promise<void> = this.send(job)
        .catch((error: unknown) => this.deps.log.error({ jobKey: job.key, err: errorText(error) }, 'page DM failed'))
        .finally(() => {
          this.pageSends.delete(sending);
          this.pageLoop.kick(this.stopped);
        })
        .catch(() => undefined); // only a logger that threw could get here: never an unhandled rejection
      this.pageSends.add(sending);
    }
    return false;
  }

  private async armPageWake(): Promise<void> {
    const now = this.deps.clock.now();
    const due = await nextDueWithin(this.deps.db, PAGE_KINDS, now, PAGE_WAKE_HORIZON_MS);
    if (!due || (this.pageWake && this.pageWake.at <= due.getTime())) return;
    if (this.pageWake) clearTimeout(this.pageWake.timer);
    const timer = setTimeout(
      () => {
        this.pageWake = null;
        this.pageLoop.kick(this.stopped);
      },
      Math.max(0, due.getTime() - now.getTime()),
    );
    timer.unref();
    this.pageWake = { at: due.getTime(), timer };
  }

  private async pageSendsSettled(): Promise<void> {
    while (this.pageSends.size) await Promise.allSettled([...this.pageSends]);
  }

  private async sendDueJobs(pageDms: boolean): Promise<number> {
    if (this.stopped) return 0; // stopping: claim nothing new
    const filter = { ...(pageDms ? { only: PAGE_KINDS } : { except: PAGE_KINDS }), known: this.sendKinds };
    const limit = pageDms ? this.pageBatchSize : this.batchSize;
    const jobs = await claimDueSlackJobs(this.deps.db, this.deps.clock.now(), limit, this.leaseMs, filter);
    if (jobs.length === 0) return 0;
    // One sequence per incident keeps its messages in order; sequences run side by side. A page DM is a
    // sequence of its own: waking someone must not wait behind the incident's channel set-up.
    const sequences = new Map<string, Job[]>();
    for (const job of jobs) {
      const sequence = PAGE_KINDS.includes(job.kind) || !job.incidentId ? `job${job.id}` : String(job.incidentId);
      sequences.set(sequence, [...(sequences.get(sequence) ?? []), job]);
    }
    const waiting = [...sequences.values()];
    const concurrency = pageDms ? this.pageConcurrency : this.sendConcurrency;
    const workers = Array.from({ length: Math.min(concurrency, waiting.length) }, async () => {
      for (let sequence = waiting.shift(); sequence; sequence = waiting.shift()) {
        for (const job of sequence) await this.send(job);
      }
    });
    await Promise.all(workers);
    return jobs.length;
  }

  private async send(job: Job): Promise<void> {
    const handler = this.sendHandlers[job.kind];
    const log = this.deps.log.child({ incidentId: job.incidentId, jobKey: job.key });
    await this.deps.ackFirst?.turn();
    try {
      if (!handler) throw new Error(`no handler for send kind ${job.kind}`);
      const result = await handler(job, this.withBudget(leaseBudgetMs(job, this.deps.clock.now())));
      await finishJob(this.deps.db, job, this.deps.clock.now(), result ?? undefined);
    } catch (error) {
      const now = this.deps.clock.now();
      const next = afterFailure(job, error, now, this.maxAttempts, 'slack');
      switch (next.kind) {
        case 'wait':
          await retryJobAt(this.deps.db, job, next.at, next.note, true);
          return;
        case 'leave':
          log.warn({ err: errorText(error) }, 'lease lost mid-send; another replica owns the job now');
          return;
        case 'retry':
          log.warn(
            { err: errorText(error), attempts: job.attempts, retryAt: next.at.toISOString() },
            'slack job failed; will retry',
          );
          await retryJobAt(this.deps.db, job, next.at, errorText(error));
          return;
        case 'giveUp':
          log.error(
            { err: errorText(error), attempts: job.attempts, reason: next.reason },
            'slack job failed; giving up',
          );
          await failJob(this.deps.db, job, now, errorText(error));
          await this.giveUpHandlers[job.kind]?.(job, this.deps, next.reason).catch((e: unknown) =>
            log.error({ err: errorText(e) }, 'telling people about a failed send failed too'),
          );
      }
    }
  }
}
