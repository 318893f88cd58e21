/**
 * End-to-end harness: a fresh database, the Slack stand-in, and the real app (Bolt's HTTP receiver
 * on 127.0.0.1) pointed at it, with a clock the test moves. The job runner is driven by `settle()`
 * (run everything due now), so a test reads as: do something in Slack, settle, look at Slack.
 */
import type { PolicyConfig } from '../../src/config/policy';
import { parsePolicy } from '../../src/config/policy';
import { fixturePolicy } from '../fixtures/policy';
import { startApp, RunningApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { createTestDatabase, TestDatabase } from './db';
import { ManualClock } from './clock';
import { startSlackStandin, SlackStandin } from './slack/standin';
import { slackDriver, SlackDriver } from './slack/driver';

export const SIGNING_SECRET = 'test-signing-secret';

export const PEOPLE = {
  alice: 'U0ALICE',
  bob: 'U0BOB',
  carol: 'U0CAROL',
  aaa: 'U0AAA',
  bbb: 'U0BBB',
  ccc: 'U0CCC',
  manager: 'U0MANAGER',
  vpeng: 'U0VPENG',
  cto: 'U0CTO',
  sre1: 'U0SRE1',
  sre2: 'U0SRE2',
} as const;

export interface Harness {
  app: RunningApp;
  slack: SlackStandin;
  driver: SlackDriver;
  clock: ManualClock;
  db: TestDatabase;
  channels: { incidents: string; engineering: string; general: string };
  config: PolicyConfig;
  /** Run every job due now (timers and Slack sends) until none is left. */
  settle(): Promise<void>;
  /**
   * Type a slash command as a person would. Returns the HTTP status, the ack's body, and the answer the
   * person sees: the ack's text when parsing alone settled it, else the response_url post that follows
   * (waited for, so the command's transaction has committed when this returns).
   */
  command(input: Parameters<SlackDriver['command']>[0], forge?: Parameters<SlackDriver['command']>[1]): Promise<{ status: number; body: unknown; text: string }>;
  /**
   * Press a button as a person would, and wait for the bot's ephemeral answer (buttons are acked at
   * once and answered through response_url), then settle. Returns the answer's text.
   */
  click(input: Parameters<SlackDriver['blockAction']>[0]): Promise<string>;
  /** Another replica: its own app, runner and database pool over the same database, Slack and clock. */
  startReplica(runnerOptions?: Parameters<typeof startApp>[0]['runner']): Promise<RunningApp>;
  /** Move the clock, then settle. */
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(
  opts: {
    config?: PolicyConfig | 'defaults';
    clock?: ManualClock;
    runnerOptions?: Parameters<typeof startApp>[0]['runner'];
    /** A database of the test's own (already migrated), e.g. an embedded Postgres it will stop and start. */
    database?: TestDatabase;
  } = {},
): Promise<Harness> {
  const config = opts.config === 'defaults' ? parsePolicy({}, 'defaults') : (opts.config ?? fixturePolicy());
  const clock = opts.clock ?? new ManualClock();
  const db = opts.database ?? (await createTestDatabase());
  const slack = await startSlackStandin();
  for (const [name, id] of Object.entries(PEOPLE)) slack.addUser({ id, name, tz: 'America/Chicago' });
  slack.addUsergroup({ id: 'S0SRE', handle: 'sre', users: [PEOPLE.sre1, PEOPLE.sre2] });
  const incidents = slack.addChannel({ name: 'incidents' });
  const engineering = slack.addChannel({ name: 'engineering' });
  const general = slack.addChannel({ name: 'general', members: Object.values(PEOPLE) });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const launch = (runner: Parameters<typeof startApp>[0]['runner']) =>
    startApp({
      env: { SLACK_BOT_TOKEN: slack.token, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_APP_TOKEN: undefined, SLACK_API_URL: slack.apiUrl, PORT: 0 },
      config,
      databaseUrl: db.url,
      log,
      clock,
      startRunner: false,
      host: '127.0.0.1',
      runner,
    });
  const app = await launch(opts.runnerOptions);
  const replicas: RunningApp[] = [];
  let requests = 0;
  const driver = slackDriver({ url: `http://127.0.0.1:${app.port}/slack/events`, signingSecret: SIGNING_SECRET, responseUrlFor: slack.responseUrl });
  const settle = async () => {
    await app.runner.drain();
  };
  return {
    app,
    slack,
    driver,
    clock,
    db,
    config,
    channels: { incidents: incidents.id, engineering: engineering.id, general: general.id },
    settle,
    async command(input, forge) {
      const id = `cmd-${++requests}`;
      const res = await driver.command({ responseUrl: slack.responseUrl(id), ...input }, forge);
      const acked = (res.body as { text?: string } | null)?.text;
      if (res.status !== 200 || acked !== undefined) return { status: res.status, body: res.body, text: acked ?? '' };
      const answer = await slack.waitFor(() => slack.responses.find((r) => r.id === id), { what: `the answer to ${input.command ?? '/incident'} ${input.text}` });
      return { status: res.status, body: res.body, text: String((answer.body as { text?: string }).text ?? '') };
    },
    async click(input) {
      const before = slack.responses.length;
      const res = await driver.blockAction(input);
      if (res.status !== 200) throw new Error(`button press answered HTTP ${res.status}`);
      const answer = await slack.waitFor(() => slack.responses.length > before && slack.responses[before], { what: 'the answer to a button press' });
      await settle();
      return String((answer.body as { text?: string }).text ?? '');
    },
    async startReplica(runnerOptions) {
      const replica = await launch(runnerOptions);
      replicas.push(replica);
      return replica;
    },
    async advance(ms: number) {
      clock.advance(ms);
      await settle();
    },
    async stop() {
      for (const r of replicas) await r.stop().catch(() => undefined);
      await app.stop();
      await slack.close();
      await db.drop();
    },
  };
}
