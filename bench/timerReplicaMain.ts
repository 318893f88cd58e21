/**
 * One replica for bench/timerReplicas.ts, in a process of its own: a runner whose no-op timers record
 * which replica fired each, and when, in `bench_fired` (inside the applying transaction, as a real
 * timer's writes are). Prints "ready" once started; stops on SIGTERM.
 */
import { NOOP_KIND } from './timerLateness';
import { runnerOnly } from './runnerOnly';

const [url, replica] = process.argv.slice(2);

const { runner, close } = runnerOnly(url, {
  timerHandlers: {
    [NOOP_KIND]: {
      load: async () => null,
      decide: () => null,
      apply: async (tx, job) => {
        await tx.$executeRaw`INSERT INTO bench_fired (job_id, replica, fired_at) VALUES (${job.id}, ${replica}, ${Date.now()})`;
      },
    },
  },
});

runner.start();
console.log('ready');
process.on('SIGTERM', () => {
  void close().then(() => process.exit(0));
});
