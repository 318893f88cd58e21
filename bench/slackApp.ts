/**
 * The real app on the real clock, its runner ticking every second, against the Slack stand-in with
 * realistic Web API latency: the setting for the end-to-end benchmarks. Mirrors test/support/harness.ts
 * except for the clock (system, not manual) and the runner (started, not drained by hand).
 */
import { startApp, RunningApp } from '../src/app/app';
import { loadPolicy, type PolicyConfig } from '../src/config/policy';
import { createLogger } from '../src/common/logger';
import { PEOPLE, SIGNING_SECRET } from '../test/support/harness';
import { slackDriver, SlackDriver } from '../src/slackSimulator/driver';
import { startSlackStandin, SlackStandin } from '../src/slackSimulator/standin';
import type { Providers } from '../src/providers/types';
import type { BenchDatabase } from './database';
import { FIXTURE_POLICY } from './runnerOnly';

/** Added by the stand-in to every Web API call: Slack's own answers typically take 50–100 ms. */
export const SLACK_DELAY_MS = 75;

export interface BenchSlackApp {
  app: RunningApp;
  slack: SlackStandin;
  driver: SlackDriver;
  channels: { general: string };
  stop(): Promise<void>;
}

/**
 * `config`: a policy other than the fixture's; `channels`: more channels for the bot to post in (by name);
 * `providers` / `twilioAuthToken`: texts and calls through a Twilio stand-in (section 9). With providers the
 * app's public URL is its own address, as in the tests: a call is refused without one (its key press
 * could not come back), and texts carry their status callback as in production.
 */
export async function startBenchSlackApp(
  db: BenchDatabase,
  opts: { config?: PolicyConfig; channels?: string[]; providers?: Providers; twilioAuthToken?: string } = {},
): Promise<BenchSlackApp> {
  const slack = await startSlackStandin();
  for (const [name, id] of Object.entries(PEOPLE)) slack.addUser({ id, name, tz: 'America/Chicago' });
  slack.addUsergroup({ id: 'S0SRE', handle: 'sre', users: [PEOPLE.sre1, PEOPLE.sre2] });
  slack.addChannel({ name: 'incidents' });
  slack.addChannel({ name: 'engineering' });
  for (const name of opts.channels ?? []) slack.addChannel({ name });
  const general = slack.addChannel({ name: 'general', members: Object.values(PEOPLE) });
  slack.setDelay('*', SLACK_DELAY_MS);

  let app: RunningApp;
  try {
    app = await startApp({
      env: {
        SLACK_BOT_TOKEN: slack.token,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_APP_TOKEN: undefined,
        SLACK_API_URL: slack.apiUrl,
        PORT: 0,
      },
      config: opts.config ?? loadPolicy(FIXTURE_POLICY),
      databaseUrl: db.url,
      log: createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent'),
      startRunner: true,
      host: '127.0.0.1',
      ...(opts.providers
        ? { providers: opts.providers, twilioAuthToken: opts.twilioAuthToken ?? null, publicUrl: 'self' }
        : {}),
    });
  } catch (error) {
    await slack.close();
    throw error;
  }
  const driver = slackDriver({
    url: `http://127.0.0.1:${app.port}/slack/events`,
    signingSecret: SIGNING_SECRET,
    responseUrlFor: slack.responseUrl,
  });
  return {
    app,
    slack,
    driver,
    channels: { general: general.id },
    async stop() {
      await app.stop();
      await slack.close();
    },
  };
}
