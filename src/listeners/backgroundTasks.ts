/**
 * Work that listeners do after acking runs here, one at a time by default. Without a bound, 40 people typing
 * commands at once would start 40 database transactions whose CPU work (Prisma plans queries on the
 * event loop) delays every other request's ack; with it, acks always get the loop between tasks.
 *
 * Two lanes. `queue` is everything else; `first` is for work that must commit the moment it is asked
 * for (an acknowledgement: every second it waits, the next escalation level comes closer). A `first`
 * task waits only for other `first` tasks, never behind the queue, whose tasks may make Slack calls.
 */
import { UserError } from '../common/errors';
import type { AckFirst } from '../slack/ackFirst';

export type TaskLane = 'queue' | 'first';

class Lane {
  active = 0;
  readonly waiting: (() => void)[] = [];

  constructor(readonly concurrency: number) {}
}

export class BackgroundTasks {
  private readonly lanes: Record<TaskLane, Lane>;

  constructor(
    /** One at a time by default: every task running beside the acks adds to their tail latency (docs/adr/0002-ack-first.md). */
    concurrency = 1,
    /** Work waiting beyond this (in each lane) is refused at once (the person is told to retry) instead of piling up in memory. */
    private readonly maxWaiting = 500,
    /** Each task starts when no Slack request is being acked (slack/ackFirst.ts). */
    private readonly ackFirst?: AckFirst,
  ) {
    // `first` work is one short transaction each, and rare: one at a time is enough.
    this.lanes = { queue: new Lane(concurrency), first: new Lane(1) };
  }

  get depth(): number {
    return this.lanes.queue.waiting.length + this.lanes.first.waiting.length;
  }

  /** Resolves when nothing is running or waiting (for a graceful stop: acked work is finished, not dropped). */
  async drained(): Promise<void> {
    const busy = () => Object.values(this.lanes).some((l) => l.active > 0 || l.waiting.length > 0);
    while (busy()) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  async run<T>(task: () => Promise<T>, laneName: TaskLane = 'queue'): Promise<T> {
    const lane = this.lanes[laneName];
    if (lane.active >= lane.concurrency) {
      if (lane.waiting.length >= this.maxWaiting) {
        throw new UserError(
          `The bot is very busy right now (${lane.waiting.length} requests waiting). Nothing was done; please try again in a minute.`,
        );
      }
      await new Promise<void>((resolve) => lane.waiting.push(resolve));
    }
    lane.active++;
    try {
      // Let the event loop take the requests already waiting (other people's acks) before this work's
      // first CPU-bound step: setImmediate runs after the poll phase that reads them.
      await new Promise((resolve) => setImmediate(resolve));
      await this.ackFirst?.turn();
      return await task();
    } finally {
      lane.active--;
      lane.waiting.shift()?.();
    }
  }
}
