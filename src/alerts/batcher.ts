/**
 * Group commit for alert bodies: while one flush's transaction runs, bodies that arrive wait and go
 * together in the next, so a storm costs one transaction per flush rather than per body, and the
 * alerts of one group in a flush cost one lock, one upsert and one message edit. At low load a body
 * flushes alone at once: nothing waits for a timer. Each request is answered when its flush commits.
 */
import type { Deps } from '../runtime/deps';
import { receiveDeliveries, type Delivery, type IntakeResult } from './intake';

/** A flush takes at most this many alerts, so its transaction stays short. */
const MAX_ALERTS_PER_FLUSH = 2_000;

interface Waiting {
  delivery: Delivery;
  resolve(result: IntakeResult): void;
  reject(error: unknown): void;
}

export class IntakeBatcher {
  private readonly waiting: Waiting[] = [];
  private flushing = false;

  constructor(private readonly deps: Deps) {}

  submit(delivery: Delivery): Promise<IntakeResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ delivery, resolve, reject });
      void this.pump();
    });
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
    return this.waiting.splice(0, n);
  }

  private async flush(batch: Waiting[]): Promise<void> {
    try {
      const results = await receiveDeliveries(
        this.deps,
        batch.map((w) => w.delivery),
      );
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // One body must not fail the others: each is tried again alone, and only its own failure answers it.
      for (const w of batch) {
        await receiveDeliveries(this.deps, [w.delivery]).then(
          (r) => w.resolve(r[0]),
          (e: unknown) => w.reject(e),
        );
      }
    }
  }
}
