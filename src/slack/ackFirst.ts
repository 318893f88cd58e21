/**
 * Acks first: background work (what listeners do after acking, the outbox's timers and Slack writes)
 * waits its turn while Slack requests are being answered.
 *
 * Why: the bot and its acks share one event loop. Slack sends a burst of commands over many
 * connections at once; each request needs only a sliver of CPU to be acked, but once one person's
 * work has started (a transaction Prisma plans on the loop, Slack calls), every later request in the
 * burst waits behind its CPU steps. Bench 7 measured ack p99 of 40 concurrent `/incident create` at
 * 3.9× a bare Bolt app's with the work running freely. So background work starts a step only when no
 * Slack request is in flight and none arrived or was answered in the last `settleMs` — a burst is acked, then worked.
 *
 * Work is never starved: a turn is given after `maxWaitMs` whatever the traffic, so under continuous
 * load the work still runs, at worst `maxWaitMs` later per step. A step already running is not
 * interrupted; the gate only decides when the next one starts.
 *
 * The HTTP request guard reports arrivals (slack/requestGuard.ts). Socket Mode reports nothing (its
 * acks go over one WebSocket), so there the gate is always open.
 */
export interface AckFirstOptions {
  /** Quiet time after the last arrival or answer before work starts: requests of one burst arrive a little apart. */
  settleMs?: number;
  /** Longest a step of work waits for quiet. */
  maxWaitMs?: number;
  /** Monotonic milliseconds (tests pass their own). */
  now?: () => number;
}

export class AckFirst {
  private inFlight = 0;
  private lastActivity = Number.NEGATIVE_INFINITY;
  private readonly waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  private readonly settleMs: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;

  constructor(opts: AckFirstOptions = {}) {
    this.settleMs = opts.settleMs ?? 3;
    this.maxWaitMs = opts.maxWaitMs ?? 250;
    this.now = opts.now ?? (() => performance.now());
  }

  /** Requests being answered now. */
  get answering(): number {
    return this.inFlight;
  }

  /** A Slack request arrived; call the returned function (once; later calls do nothing) when it is answered. */
  arrived(): () => void {
    this.inFlight++;
    this.lastActivity = this.now();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight--;
      this.lastActivity = this.now();
      this.schedule();
    };
  }

  /** Resolves when background work may take its next step. */
  turn(): Promise<void> {
    if (this.quietFor() === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(fallback);
        this.waiters.delete(release);
        resolve();
      };
      const fallback = setTimeout(release, this.maxWaitMs);
      this.waiters.add(release);
      this.schedule();
    });
  }

  /** 0 when work may go now; else how long to wait before looking again (Infinity: until a request ends). */
  private quietFor(): number {
    if (this.inFlight > 0) return Number.POSITIVE_INFINITY;
    return Math.max(0, this.lastActivity + this.settleMs - this.now());
  }

  private schedule(): void {
    if (this.timer || this.waiters.size === 0) return;
    const wait = this.quietFor();
    if (wait === Number.POSITIVE_INFINITY) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.quietFor() > 0) return this.schedule();
      for (const release of [...this.waiters]) release();
    }, Math.ceil(wait));
  }
}
