/**
 * End-to-end harness: a fresh database, the Slack stand-in, and the real app (Bolt's HTTP receiver
 * on 127.0.0.1, or Socket Mode with `{ socketMode: true }`) pointed at it, with a clock the test
 * moves. The job runner is driven by `settle()` (run everything due now), so a test reads as: do
 * something in Slack, settle, look at Slack.
 */
import type { PolicyConfig } from '../../src/config/policy';
import { parsePolicy } from '../../src/config/policy';
import { fixturePolicy } from '../fixtures/policy';
import { startApp, RunningApp } from '../../src/app/app';
import type { Providers } from '../../src/providers/types';
import { createLogger, type Logger } from '../../src/common/logger';
import { createTestDatabase, TestDatabase } from './db';
import { ManualClock } from './clock';
import { startSlackStandin, SlackStandin, type SlackStandinOptions } from '../../src/slackSimulator/standin';
import { slackDriver, SlackDriver } from '../../src/slackSimulator/driver';
import { startSocketModeStandin, SocketModeStandin } from './slack/socketMode';

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
  /** Signed HTTP requests to /slack/events (HTTP mode; in Socket Mode nothing serves that path). */
  driver: SlackDriver;
  /** Socket Mode only: the WebSocket the app connected to, to push envelopes and read acks. */
  socket?: SocketModeStandin;
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
   * In Socket Mode it goes down the WebSocket: `status` is 200 once acked in time (there is no HTTP
   * status; a missing ack throws), `body` the ack's payload; forging is an HTTP matter and throws.
   */
  command(
    input: Parameters<SlackDriver['command']>[0],
    forge?: Parameters<SlackDriver['command']>[1],
  ): Promise<{ status: number; body: unknown; text: string }>;
  /**
   * Press a button as a person would, and wait for the bot's ephemeral answer (buttons are acked at
   * once and answered through response_url), then settle. Returns the answer's text. Over the
   * WebSocket in Socket Mode.
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
    /**
     * Start the app in Socket Mode: SLACK_APP_TOKEN is the stand-in's app token (xapp-…), no signing
     * secret, and a Socket Mode stand-in (`h.socket`) serves the WebSocket apps.connections.open names.
     */
    socketMode?: boolean;
    /** The app's logger (default: silent, or TEST_LOG_LEVEL). */
    log?: Logger;
    /**
     * Stand-in options, e.g. `{ chatWritePublic: false }`, or `{ rateLimits: false }` with a comment at the
     * call site saying why the test may ignore Slack's limits. Its clock is always the harness's.
     */
    slack?: Omit<SlackStandinOptions, 'now'>;
    /**
     * The app's slackMaxInlineWaitMs (default 0, see below). A test of what production does with a
     * Retry-After passes production's (undefined: 30 s), and then must not let the outbox meet a 429 it
     * would wait out in real time.
     */
    slackMaxInlineWaitMs?: number;
    /** SMS, voice, email and webhook senders (stand-ins); the app's PUBLIC_URL is then its own address. */
    providers?: Providers;
    /** The app's TWILIO_AUTH_TOKEN: Twilio's requests to it (texts, key presses, status callbacks) are checked with it. */
    twilioAuthToken?: string;
    /** How the app reaches Slack (runtime/proxy.ts outboundHttp): through a proxy, in the proxy's tests. */
    outbound?: Parameters<typeof startApp>[0]['outbound'];
    /** The app's METRICS_PORT (0: a free one, then `h.app.metricsPort`). */
    metricsPort?: number;
  } = {},
): Promise<Harness> {
  const config = opts.config === 'defaults' ? parsePolicy({}, 'defaults') : (opts.config ?? fixturePolicy());
  const clock = opts.clock ?? new ManualClock();
  const db = opts.database ?? (await createTestDatabase());
  // Slack's clock is the app's: message ts, trigger_id expiry and rate-limit refills move with h.advance().
  const slack = await startSlackStandin({ ...opts.slack, now: () => clock.now().getTime() });
  for (const [name, id] of Object.entries(PEOPLE)) slack.addUser({ id, name, tz: 'America/Chicago' });
  slack.addUsergroup({ id: 'S0SRE', handle: 'sre', users: [PEOPLE.sre1, PEOPLE.sre2] });
  const incidents = slack.addChannel({ name: 'incidents' });
  const engineering = slack.addChannel({ name: 'engineering' });
  const general = slack.addChannel({ name: 'general', members: Object.values(PEOPLE) });
  const socket = opts.socketMode ? await startSocketModeStandin(slack) : undefined;
  const log = opts.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const launch = (runner: Parameters<typeof startApp>[0]['runner']) =>
    startApp({
      env: socket
        ? {
            SLACK_BOT_TOKEN: slack.token,
            SLACK_SIGNING_SECRET: undefined,
            SLACK_APP_TOKEN: slack.appToken,
            SLACK_API_URL: slack.apiUrl,
            PORT: 0,
          }
        : {
            SLACK_BOT_TOKEN: slack.token,
            SLACK_SIGNING_SECRET: SIGNING_SECRET,
            SLACK_APP_TOKEN: undefined,
            SLACK_API_URL: slack.apiUrl,
            PORT: 0,
          },
      config,
      databaseUrl: db.url,
      log,
      clock,
      startRunner: false,
      host: '127.0.0.1',
      runner,
      // Slack's clock is the ManualClock, which no real-time wait moves: a 429 goes straight back to the
      // outbox, due at Retry-After on that clock, and the test advances time as a person would wait.
      slackMaxInlineWaitMs: 'slackMaxInlineWaitMs' in opts ? opts.slackMaxInlineWaitMs : 0,
      providers: opts.providers,
      twilioAuthToken: opts.twilioAuthToken,
      publicUrl: 'self',
      outbound: opts.outbound,
      metricsPort: opts.metricsPort,
    });
  const app = await launch(opts.runnerOptions);
  const replicas: RunningApp[] = [];
  let requests = 0;
  const driver = slackDriver({
    url: `http://127.0.0.1:${app.port}/slack/events`,
    signingSecret: SIGNING_SECRET,
    responseUrlFor: slack.responseUrl,
    onTriggerId: slack.issueTriggerId,
  });
  const settle = async () => {
    await app.runner.drain();
  };
  return {
    app,
    slack,
    driver,
    socket,
    clock,
    db,
    config,
    channels: { incidents: incidents.id, engineering: engineering.id, general: general.id },
    settle,
    async command(input, forge) {
      const id = `cmd-${++requests}`;
      if (socket && forge) throw new Error('forged requests are an HTTP matter: Socket Mode has no signatures');
      const res = socket
        ? {
            status: 200,
            body: (await socket.command({ responseUrl: slack.responseUrl(id), ...input })).payload as unknown,
          }
        : await driver.command({ responseUrl: slack.responseUrl(id), ...input }, forge);
      const acked = (res.body as { text?: string } | null)?.text;
      if (res.status !== 200 || acked !== undefined) return { status: res.status, body: res.body, text: acked ?? '' };
      const answer = await slack.waitFor(() => slack.responses.find((r) => r.id === id), {
        what: `the answer to ${input.command ?? '/incident'} ${input.text}`,
      });
      return { status: res.status, body: res.body, text: String((answer.body as { text?: string }).text ?? '') };
    },
    async click(input) {
      const before = slack.responses.length;
      if (socket)
        await socket.blockAction(input); // throws when no ack comes in time
      else {
        const res = await driver.blockAction(input);
        if (res.status !== 200) throw new Error(`button press answered HTTP ${res.status}`);
      }
      const answer = await slack.waitFor(() => slack.responses.length > before && slack.responses[before], {
        what: 'the answer to a button press',
      });
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
      await socket?.close();
      await slack.close();
      await db.drop();
    },
  };
}
