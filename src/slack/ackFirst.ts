/**
 * Acks first: background work (post-ack tasks, the outbox's timers and sends, Slack calls) takes its next
 * step only when no Slack request is being answered and none arrived or was answered in the last
 * `settleMs`, or once `maxWaitMs` has passed, so a burst is acked before it is worked and work is never
 * starved. See docs/adr/0002-ack-first.md.
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
