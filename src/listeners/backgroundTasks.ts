/**
 * Work that listeners do after acking runs here, one at a time by default. Without a bound, 40 people typing
 * commands at once would start 40 database transactions whose CPU work (Prisma plans queries on the
 * event loop) delays every other request's ack; with it, acks always get the loop between tasks.
 */
import { UserError } from '../common/errors';
import type { AckFirst } from '../slack/ackFirst';

export class BackgroundTasks {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    /** One at a time by default: every task running beside the acks adds to their tail latency (docs/adr/0002-ack-first.md). */
    private readonly concurrency = 1,
    /** Work waiting beyond this is refused at once (the person is told to retry) instead of piling up in memory. */
    private readonly maxWaiting = 500,
    /** Each task starts when no Slack request is being acked (slack/ackFirst.ts). */
    private readonly ackFirst?: AckFirst,
  ) {}

  get depth(): number {
    return this.waiting.length;
  }

  /** Resolves when nothing is running or waiting (for a graceful stop: acked work is finished, not dropped). */
  async drained(): Promise<void> {
    while (this.active > 0 || this.waiting.length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) {
        throw new UserError(
          `The bot is very busy right now (${this.waiting.length} requests waiting). Nothing was done; please try again in a minute.`,
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.active++;
    try {
      // Let the event loop take the requests already waiting (other people's acks) before this work's
      // first CPU-bound step: setImmediate runs after the poll phase that reads them.
      await new Promise((resolve) => setImmediate(resolve));
      await this.ackFirst?.turn();
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
