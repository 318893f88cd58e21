/** The ack discipline: parse mistakes answer in the ack; everything else acks empty at once and answers via response_url. */
import { createAnswerer } from '../../../src/listeners/ackAndReply';
import { BackgroundTasks } from '../../../src/listeners/backgroundTasks';
import { UserError } from '../../../src/common/errors';
import { SlackCallError } from '../../../src/slack/gateway';
import { createLogger } from '../../../src/common/logger';

const log = createLogger('silent');

function recorder() {
  const events: { what: 'ack' | 'respond'; text: string | null }[] = [];
  return {
    events,
    ack: async (msg?: { text: string }) => void events.push({ what: 'ack', text: msg?.text ?? null }),
    respond: (async (msg: { text: string }) => void events.push({ what: 'respond', text: msg.text })) as never,
  };
}

describe('answering commands', () => {
  it('answers a parse mistake in the ack and runs no work', async () => {
    const r = recorder();
    const work = jest.fn(async () => 'never');
    await createAnswerer(log).command(r.ack, r.respond, {}, 'Put the title in quotes', work);
    expect(r.events).toEqual([{ what: 'ack', text: 'Put the title in quotes' }]);
    expect(work).not.toHaveBeenCalled();
  });

  it('acks before the work starts, then answers through response_url', async () => {
    const r = recorder();
    let finish!: (text: string) => void;
    const done = createAnswerer(log).command(
      r.ack,
      r.respond,
      {},
      null,
      () => new Promise<string>((resolve) => (finish = resolve)),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.events).toEqual([{ what: 'ack', text: null }]);
    // The queue yields to waiting requests once before the work starts.
    await new Promise((resolve) => setImmediate(resolve));
    finish('Declared incident #2');
    await done;
    expect(r.events[1]).toEqual({ what: 'respond', text: 'Declared incident #2' });
  });

  it('shows a UserError as it is, and hides anything else behind a reference', async () => {
    const r = recorder();
    const answer = createAnswerer(log);
    await answer.command(r.ack, r.respond, {}, null, async () => {
      throw new UserError('Incident #3 is closed.');
    });
    await answer.command(r.ack, r.respond, {}, null, async () => {
      throw new Error('connection reset');
    });
    expect(r.events.filter((e) => e.what === 'respond').map((e) => e.text)).toEqual([
      'Incident #3 is closed.',
      expect.stringMatching(/Something went wrong on our side \(ref `[0-9a-f]{8}`\)/),
    ]);
    expect(JSON.stringify(r.events)).not.toContain('connection reset');
  });

  it('asks the person to try again when Slack rate-limited the work, saying when', async () => {
    const r = recorder();
    await createAnswerer(log).command(r.ack, r.respond, {}, null, async () => {
      throw new SlackCallError('usergroups.users.list', 'ratelimited', 4_000);
    });
    expect(r.events[1].text).toBe(
      ':hourglass: Slack is rate-limiting the bot right now, so this was not done. Please try again in 4 s.',
    );
  });
});

describe('the work queue', () => {
  it('runs at most its concurrency at once, in arrival order', async () => {
    const queue = new BackgroundTasks(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const tasks = [0, 1, 2, 3, 4].map((i) =>
      queue.run(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      }),
    );
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    await Promise.all(tasks);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });
});

describe("the work queue's first lane", () => {
  it('runs a first task while a queued task is still running, ahead of the queued ones waiting', async () => {
    const queue = new BackgroundTasks(1);
    const order: string[] = [];
    let release!: () => void;
    const slow = queue.run(async () => {
      order.push('slow started');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('slow done');
    });
    const queued = queue.run(async () => void order.push('queued'));
    const first = queue.run(async () => void order.push('first'), 'first');
    await first;
    expect(order).toEqual(['slow started', 'first']);
    release();
    await Promise.all([slow, queued]);
    expect(order).toEqual(['slow started', 'first', 'slow done', 'queued']);
  });
});

describe('the work queue is bounded', () => {
  it('refuses work beyond its waiting room at once, saying to retry, and runs the rest', async () => {
    const queue = new BackgroundTasks(1, 2);
    let release!: () => void;
    const blocker = queue.run(() => new Promise<void>((resolve) => (release = resolve)));
    const waiting = [queue.run(async () => 'a'), queue.run(async () => 'b')];
    expect(queue.depth).toBe(2);
    await expect(queue.run(async () => 'c')).rejects.toThrow(
      /The bot is very busy right now \(2 requests waiting\)\. Nothing was done; please try again/,
    );
    await new Promise((resolve) => setImmediate(resolve)); // the blocker starts after the queue's yield
    release();
    await blocker;
    expect(await Promise.all(waiting)).toEqual(['a', 'b']);
    expect(await queue.run(async () => 'd')).toBe('d');
  });
});
