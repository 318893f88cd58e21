/**
 * Work that listeners do after acking runs here, a few at a time. Without a bound, 40 people typing
 * commands at once would start 40 database transactions whose CPU work (Prisma plans queries on the
 * event loop) delays every other request's ack; with it, acks always get the loop between tasks.
 */
export class WorkQueue {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency = 4) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
