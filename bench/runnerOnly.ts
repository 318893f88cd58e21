/**
 * A JobRunner with nothing behind it but a database: for the timer benchmarks, whose no-op jobs never
 * reach Slack. The Slack client points at a closed loopback port so a stray call fails fast and local.
 */
import { loadPolicy } from '../src/config/policy';
import { FIXTURE_POLICY_PATH } from '../test/fixtures/policy';
import { NO_PROVIDERS } from '../src/providers/types';
import type { Deps } from '../src/runtime/deps';
import { JobRunner, RunnerOptions } from '../src/outbox/runner';
import { createLogger } from '../src/common/logger';
import { SlackDirectory } from '../src/slack/directory';
import { SlackGateway } from '../src/slack/gateway';
import { SlackHealth } from '../src/slack/health';
import { createMetrics } from '../src/runtime/metrics';
import { createPrismaClient } from '../src/db/prismaClient';
import { systemClock } from '../src/common/clock';

export const FIXTURE_POLICY = FIXTURE_POLICY_PATH;

export interface RunnerOnly {
  runner: JobRunner;
  deps: Deps;
  close(): Promise<void>;
}

export function runnerOnly(databaseUrl: string, opts: RunnerOptions): RunnerOnly {
  const log = createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent');
  const db = createPrismaClient(databaseUrl);
  const slackHealth = new SlackHealth(log);
  const slack = new SlackGateway(SlackGateway.createClient('xoxb-bench', 'http://127.0.0.1:1/api/'), {
    log,
    health: slackHealth,
  });
  const deps: Deps = {
    db,
    config: loadPolicy(FIXTURE_POLICY),
    clock: systemClock,
    slack,
    directory: new SlackDirectory(slack),
    log,
    metrics: createMetrics(slackHealth),
    slackHealth,
    providers: NO_PROVIDERS,
    publicUrl: () => null,
    linkKey: Buffer.alloc(32),
    kick: () => runner.kick(),
  };
  const runner = new JobRunner(deps, { timers: {}, sends: {} }, opts);
  return {
    runner,
    deps,
    async close() {
      await runner.stop();
      await db.$disconnect();
    },
  };
}
