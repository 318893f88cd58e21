/**
 * Group commit for alert bodies: while one flush's transaction runs, bodies that arrive wait and go
 * together in the next, so a storm costs one transaction per flush rather than per body, and the
 * alerts of one group in a flush cost one lock, one upsert and one message edit. At low load a body
 * flushes alone at once: nothing waits for a timer. Each request is answered when its flush commits.
 *
 * Bounded: at most `alert_intake.max_waiting` alerts wait (a slow database must not grow the heap
 * without end). A body beyond it is refused at once (IntakeFull: the webhook answers 503 with
 * Retry-After, which Alertmanager retries), except when nothing waits, so a body larger than the bound
 * still goes in. A body whose sender gave up (closed the request) before its flush started is dropped
 * from the waiting list: nobody would hear its answer, and the sender will send it again.
 */
import type { Deps } from '../runtime/deps';
import { receiveDeliveries, type Delivery, type IntakeResult } from './intake';

/** A flush takes at most this many alerts, so its transaction stays short. */
const MAX_ALERTS_PER_FLUSH = 2_000;

/**
 * While a storm keeps flushing, the outbox runner is woken at most this often: each wake-up costs a
 * claim query per runner loop, and a flush every few milliseconds would spend the process on them.
 * The last flush's wake-up is delayed, never dropped; the runner's own tick comes each second anyway.
 */
const KICK_EVERY_MS = 100;

/** What the webhook tells a refused sender to wait: a few flushes' time, and Alertmanager's own backoff is longer. */
export const INTAKE_FULL_RETRY_AFTER_S = 5;

/** Too many alerts already wait for the database: try again later. */
export class IntakeFull extends Error {
  constructor(readonly waitingAlerts: number) {
    super(`${waitingAlerts} alerts are already waiting to be stored`);
  }
}

/** The sender closed its request before the body's flush started: the body was dropped, not stored. */
export class SenderGone extends Error {}

interface Waiting {
  delivery: Delivery;
  resolve(result: IntakeResult): void;
  reject(error: unknown): void;
}

export class IntakeBatcher {
  private readonly waiting: Waiting[] = [];
  /** Alerts in `waiting`. */
  private waitingAlerts = 0;
  private flushing = false;
  private lastKick = -Infinity;
  private kickTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: Deps) {}

  private readonly kick = (): void => {
    if (this.kickTimer) return; // one is due already, and will see this flush's work too
    const wait = this.lastKick + KICK_EVERY_MS - performance.now();
    if (wait <= 0) return this.kickNow();
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      this.kickNow();
    }, wait);
    this.kickTimer.unref();
  };

  private kickNow(): void {
    this.lastKick = performance.now();
    this.deps.kick();
  }

  /** Stored when this resolves. `gone` aborts when the sender closes its request. */
  submit(delivery: Delivery, gone?: AbortSignal): Promise<IntakeResult> {
    const size = delivery.batch.alerts.length;
    if (gone?.aborted) return Promise.reject(new SenderGone());
    if (this.waiting.length > 0 && this.waitingAlerts + size > this.deps.config.alertIntakeMaxWaiting)
      return Promise.reject(new IntakeFull(this.waitingAlerts));
    let entry: Waiting | undefined;
    // Only while it waits: once its flush has started it is stored, answered or not.
    const drop = () => {
      const at = entry ? this.waiting.indexOf(entry) : -1;
      if (at === -1) return;
      this.waiting.splice(at, 1);
      this.counted(-size);
      entry!.reject(new SenderGone());
    };
    gone?.addEventListener('abort', drop, { once: true });
    return new Promise<IntakeResult>((resolve, reject) => {
      entry = { delivery, resolve, reject };
      this.waiting.push(entry);
      this.counted(size);
      void this.pump();
    }).finally(() => gone?.removeEventListener('abort', drop));
  }

  private async pump(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.waiting.length) await this.flush(this.take());
    } finally {
      this.flushing = false;
    }
  }

  private take(): Waiting[] {
    let alerts = 0;
    let n = 0;
    while (
      n < this.waiting.length &&
      (n === 0 || alerts + this.waiting[n].delivery.batch.alerts.length <= MAX_ALERTS_PER_FLUSH)
    ) {
      alerts += this.waiting[n].delivery.batch.alerts.length;
      n += 1;
    }
    this.counted(-alerts);
    return this.waiting.splice(0, n);
  }

  private counted(change: number): void {
    this.waitingAlerts += change;
    this.deps.metrics.alertIntakeWaiting.set(this.waitingAlerts);
  }

  private async flush(batch: Waiting[]): Promise<void> {
    try {
      const results = await receiveDeliveries(
        this.deps,
        batch.map((w) => w.delivery),
        this.kick,
      );
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // One body must not fail the others: each is tried again alone, and only its own failure answers it.
      for (const w of batch) {
        await receiveDeliveries(this.deps, [w.delivery], this.kick).then(
          (r) => w.resolve(r[0]),
          (e: unknown) => w.reject(e),
        );
      }
    }
  }
}
