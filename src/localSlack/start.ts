/**
 * `npm start` with no Slack settings: a Slack of its own, in the browser. The Slack simulator the
 * tests use holds the workspace (seeded from the bot's policy) and answers the bot's Web API calls;
 * this server shows it to people at http://127.0.0.1:<port>/ and turns what they do into the signed
 * requests Slack would send the bot.
 */
import { pruneWorkspace } from './prune';
import { randomBytes } from 'node:crypto';
import type { ShiftableClock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { PolicyConfig } from '../config/policy';
import { slackDriver } from '../slackSimulator/driver';
import { startSlackStandin, type SlackStandin } from '../slackSimulator/standin';
import type { ConnectedBot, LocalSlackContext } from './context';
import { seedWorkspace } from './seed';
import { startServer } from './server';

export interface LocalSlackOptions {
  /** Port of the page/API server; binds 127.0.0.1 only. 0 = any free port. */
  port: number;
  /** The bot's clock; POST /api/clock advances it (then calls bot.kick()). Also the simulator's `now`. */
  clock: ShiftableClock;
  config: PolicyConfig;
  log: Logger;
}

export interface LocalSlack {
  /** http://127.0.0.1:<port>/ */
  readonly url: string;
  /** Settings the bot runs with instead of a real Slack's: a fresh random signing secret each start, the simulator's bot token, its api URL. */
  readonly slackEnv: { SLACK_BOT_TOKEN: string; SLACK_SIGNING_SECRET: string; SLACK_API_URL: string };
  readonly simulator: SlackStandin;
  /**
   * Called once the bot listens. eventsUrl = http://127.0.0.1:<botPort>/slack/events; botUrl =
   * http://127.0.0.1:<botPort>; keptIncidents = incidents already in the bot's database (a restart).
   */
  connect(bot: {
    eventsUrl: string;
    botUrl: string;
    kick(): void;
    keptIncidents: number;
    schedules: ConnectedBot['schedules'];
  }): void;
  close(): Promise<void>;
}

const PRUNE_EVERY_MS = 10_000;

/** Recorded calls and response_url posts kept: enough to debug the last minutes, bounded over days. */
const KEEP_CALLS = 1000;

/** Says when it started, so a banner dismissed after one restart shows again after the next. */
function resetNotice(keptIncidents: number, startedAt: Date): string | null {
  if (keptIncidents <= 0) return null;
  const them = keptIncidents === 1 ? '1 incident' : `${keptIncidents} incidents`;
  return (
    `npm start restarted at ${startedAt.toISOString().slice(11, 19)} UTC: the simulated Slack's history was reset ` +
    `(it lives in memory), so earlier channels and ` +
    `messages are gone here. The bot's database kept its ${them}; it may mention channels that no longer exist.`
  );
}

export async function startLocalSlack(opts: LocalSlackOptions): Promise<LocalSlack> {
  const startedAt = opts.clock.now();
  const signingSecret = randomBytes(32).toString('hex');
  const standin = await startSlackStandin({
    token: `xoxb-local-${randomBytes(16).toString('hex')}`,
    teamName: 'Local Slack',
    now: () => opts.clock.now().getTime(),
    // The bot's database keeps channel ids across restarts; a new workspace must not hand them out again.
    // Counting from the time of the start (ms) keeps each run's ids above the last run's.
    firstId: opts.clock.now().getTime(),
    keepCalls: KEEP_CALLS,
  });
  const ctx: LocalSlackContext = {
    standin,
    config: opts.config,
    clock: opts.clock,
    log: opts.log,
    seeded: seedWorkspace(standin, opts.config),
    bot: null,
    resetNotice: null,
  };
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(ctx, opts.port);
  } catch (error) {
    await standin.close();
    throw error;
  }
  const url = `http://127.0.0.1:${server.port}/`;
  let closing: Promise<void> | undefined;
  const pruning = setInterval(() => pruneWorkspace(standin.workspace, opts.clock.now().getTime()), PRUNE_EVERY_MS);
  pruning.unref();
  opts.log.info({ url, people: ctx.seeded.people.length, channels: ctx.seeded.channels }, 'local Slack listening');
  return {
    url,
    slackEnv: { SLACK_BOT_TOKEN: standin.token, SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: standin.apiUrl },
    simulator: standin,
    connect(bot) {
      const driver = slackDriver({
        url: bot.eventsUrl,
        signingSecret,
        teamId: standin.teamId,
        appId: standin.appId,
        botId: standin.botId,
        botUserId: standin.botUserId,
        responseUrlFor: standin.responseUrl,
        // Every request carries a trigger id issued for its person; one made here would belong to nobody.
        onTriggerId: (id) => {
          if (!standin.workspace.triggers.has(id)) standin.issueTriggerId(id);
        },
      });
      ctx.bot = { driver, botUrl: bot.botUrl.replace(/\/+$/, ''), kick: bot.kick, schedules: bot.schedules };
      ctx.resetNotice = resetNotice(bot.keptIncidents, startedAt);
      standin.noteChange();
    },
    close() {
      closing ??= (async () => {
        clearInterval(pruning);
        await new Promise<void>((resolve) => {
          server.server.close(() => resolve());
          // Long polls and keep-alive sockets would hold the close open.
          server.server.closeAllConnections();
        });
        await standin.close();
      })();
      return closing;
    },
  };
}
