/**
 * Wiring only: database → Slack gateway → Bolt app (HTTP receiver, or Socket Mode when an app token
 * is set) → listeners → outbox runner. Used by `npm start` (main.ts), the end-to-end tests and the bench.
 */
import { createHmac } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Env } from '../config/env';
import type { PolicyConfig } from '../config/policy';
import { Clock, systemClock } from '../common/clock';
import type { Deps } from '../runtime/deps';
import { armHandoffTimers } from '../schedules/handoffArming';
import { armRetention } from '../outbox/retention';
import { armHomeRefresh } from '../home/refresh';
import { JobRunner, RunnerOptions } from '../outbox/runner';
import { outboxBacklog } from '../outbox';
import { jobHandlers } from './jobRegistry';
import { registerPageOwners } from './pageOwners';
import { registerSecrets, type Logger } from '../common/logger';
import { boltLogger } from '../slack/boltLogger';
import { SlackDirectory } from '../slack/directory';
import { SlackGateway } from '../slack/gateway';
import { registerListeners } from '../listeners';
import { createPrismaClient } from '../db/prismaClient';
import { SlackHealth } from '../slack/health';
import { createMetrics } from '../runtime/metrics';
import { endpoints, type Endpoint } from './endpoints';
import { twilioWebhooks } from './twilioWebhooks';
import { ackLinkHandler } from '../paging/ackLinkHttp';
import { ackLinkRoutes } from '../paging/ackLink';
import { alertWebhook } from '../alerts/webhook';
import { warmUp } from './warmup';
import { installRequestGuard } from '../slack/requestGuard';
import { AckFirst } from '../slack/ackFirst';
import { NO_PROVIDERS, type Providers } from '../providers/types';
import { proxyPasswords, type OutboundHttp } from '../runtime/proxy';
import { listenForMetrics, type MetricsListener } from './metricsListener';

export interface BuildOptions {
  env: Pick<Env, 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN' | 'SLACK_API_URL' | 'PORT'>;
  config: PolicyConfig;
  databaseUrl: string;
  /** DATABASE_POOL_SIZE: the most connections this process opens (default 10). */
  databasePoolSize?: number;
  log: Logger;
  clock?: Clock;
  runner?: RunnerOptions;
  /** Tests drive the runner by hand (drain) instead of node-cron's every-second tick. */
  startRunner?: boolean;
  /** Bind address; tests use 127.0.0.1. */
  host?: string;
  /** Rehearse the hot paths before listening (warmup.ts); `npm start` does, tests need not. */
  warmUp?: boolean;
  /**
   * Longest Slack Retry-After the outbox's gateway waits inline (real time, within the job's lease)
   * before handing the job back to the outbox, due at Retry-After on `clock`. Default 30 s. Work done
   * for a person after an ack never waits one, whatever this says (see `requestDeps` below). Tests
   * whose clock only moves when they say so pass 0: a real-time wait would not move their Slack's
   * clock, so it could never help.
   */
  slackMaxInlineWaitMs?: number;
  /** SMS, voice, email and webhook senders (default: none). */
  providers?: Providers;
  /** PUBLIC_URL: the base of provider callbacks and acknowledge links; `self`: this process's own address (tests). */
  publicUrl?: string | null;
  /** ACK_LINK_SECRET: what acknowledge links are signed with (default: derived from the Slack signing secret). */
  linkSecret?: string;
  /** TWILIO_AUTH_TOKEN: checks the signature of Twilio's requests (texts, key presses, status callbacks). */
  twilioAuthToken?: string | null;
  /** Slack is the local one in the browser (no Slack settings given): /readyz then answers 503, `"slack": "local"`. */
  localSlack?: boolean;
  /** How Slack (Web API and Socket Mode) is reached: through the proxy, if one is set (runtime/proxy.ts). Default: direct. */
  outbound?: OutboundHttp;
  /** METRICS_PORT: /metrics on a listener of its own on this port, and not on PORT (default: on PORT). */
  metricsPort?: number;
}

export interface RunningApp {
  deps: Deps;
  runner: JobRunner;
  /** The port actually listened on (PORT=0 picks a free one). */
  port: number;
  /** The port /metrics is served on when METRICS_PORT is set, else null (it is on `port`). */
  metricsPort: number | null;
  stop(): Promise<void>;
}

/** The key of acknowledge links: derived, so the secret it comes from is never used for two things as is. */
function linkKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('incident-bot acknowledge links').digest();
}

/** The POST route matching `path` (its `:param` segments match one segment each). */
function postRoute(posts: { path: string; handler: Endpoint }[], path: string): Endpoint | undefined {
  return posts.find((p) => new RegExp(`^${p.path.replace(/:[a-z]+/g, '[^/]+')}$`).test(path))?.handler;
}

function databasePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

export async function startApp(opts: BuildOptions): Promise<RunningApp> {
  const { env, log } = opts;
  registerPageOwners();
  // Never in a log line, whatever logs it (common/logger.ts scrubs these values out of every string).
  registerSecrets([
    env.SLACK_BOT_TOKEN,
    env.SLACK_SIGNING_SECRET,
    env.SLACK_APP_TOKEN,
    opts.twilioAuthToken ?? undefined,
    opts.linkSecret,
    databasePassword(opts.databaseUrl),
    ...proxyPasswords(opts.outbound?.proxy ?? null),
    ...Object.values(opts.config.alerts).flatMap((a) => [
      process.env[a.tokenEnv],
      a.hmacSecretEnv ? process.env[a.hmacSecretEnv] : undefined,
    ]),
  ]);
  let publicUrl = opts.publicUrl && opts.publicUrl !== 'self' ? opts.publicUrl.replace(/\/+$/, '') : null;
  const db = createPrismaClient(opts.databaseUrl, { poolSize: opts.databasePoolSize });
  const clock = opts.clock ?? systemClock;
  const slackHealth = new SlackHealth(log);
  let runner: JobRunner | null = null;
  const metrics = createMetrics(slackHealth, {
    db,
    severities: opts.config.severities.map((s) => s.key),
    outboxBacklog: () => outboxBacklog(db, clock.now()),
    msSinceLastPass: () => runner?.msSinceLastPass() ?? null,
  });
  // Background work (after-ack work, timers, Slack writes) lets a burst of requests be acked first.
  const ackFirst = new AckFirst();
  const slack = new SlackGateway(
    SlackGateway.createClient(
      env.SLACK_BOT_TOKEN,
      env.SLACK_API_URL,
      undefined,
      boltLogger(log, 'web-api'),
      opts.outbound?.fetch,
    ),
    {
      log,
      health: slackHealth,
      metrics,
      ackFirst,
      maxInlineWaitMs: opts.slackMaxInlineWaitMs,
      fetch: opts.outbound?.fetch,
    },
  );
  const deps: Deps = {
    db,
    config: opts.config,
    clock,
    slack,
    directory: new SlackDirectory(slack),
    log,
    metrics,
    slackHealth,
    ackFirst,
    providers: opts.providers ?? NO_PROVIDERS,
    publicUrl: () => publicUrl,
    linkKey: linkKey(opts.linkSecret ?? env.SLACK_SIGNING_SECRET ?? env.SLACK_BOT_TOKEN),
    kick: () => runner?.kick(),
  };
  runner = new JobRunner(deps, jobHandlers, opts.runner);

  const allRoutes = endpoints(deps, runner, opts.localSlack ?? false);
  // With METRICS_PORT, /metrics is on that listener only: the public port answers 404 for it.
  const { '/metrics': metricsRoute, ...publicRoutes } = allRoutes;
  const routes = opts.metricsPort === undefined ? allRoutes : publicRoutes;
  const alerts = alertWebhook(deps);
  const ackLink = ackLinkHandler(ackLinkRoutes(deps), {
    onError: (error) =>
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'acknowledge link failed'),
  });
  const twilio = opts.twilioAuthToken ? twilioWebhooks(deps, opts.twilioAuthToken) : null;
  const posts: { path: string; handler: Endpoint }[] = twilio
    ? [
        { path: '/twilio/sms', handler: twilio.sms },
        { path: '/twilio/voice/:contact', handler: twilio.voice },
        { path: '/twilio/status/:contact', handler: twilio.status },
      ]
    : [];

  // Check the token once, through the gateway (no hidden retry loop), and tell Bolt who the bot is so
  // it does not run its own auth.test with its WebClient's half-hour retry policy.
  const identity = await slack.call('auth.test', {});
  const socketMode = Boolean(env.SLACK_APP_TOKEN);
  const logger = boltLogger(log);
  const clientOptions = {
    ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
    ...(opts.outbound ? { fetch: opts.outbound.fetch } : {}),
    retryConfig: { retries: 0 },
  };
  const who = {
    botId: identity.bot_id as string,
    botUserId: identity.user_id as string,
    tokenVerificationEnabled: false,
  };
  let app: App;
  let healthServer: Server | null = null;
  if (socketMode) {
    // Built here rather than by Bolt, which has no way to hand the WebSocket the proxy's dispatcher.
    const receiver = new SocketModeReceiver({
      appToken: env.SLACK_APP_TOKEN!,
      logger,
      logLevel: LogLevel.INFO,
      installerOptions: { clientOptions },
      ...(opts.outbound?.dispatcher ? { dispatcher: opts.outbound.dispatcher } : {}),
    });
    app = new App({
      token: env.SLACK_BOT_TOKEN,
      receiver,
      socketMode: true,
      logger,
      logLevel: LogLevel.INFO,
      clientOptions,
      convoStore: false,
      ...who,
    });
    // Socket Mode has no HTTP server of its own: serve health, readiness and metrics on PORT anyway.
    healthServer = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const route = req.method === 'GET' ? routes[path] : undefined;
      if (route) route(req, res);
      else if (/^\/alerts\/[^/]+$/.test(path)) alerts(req, res);
      else if (/^\/ack\/[^/]+$/.test(path)) ackLink(req, res);
      else if (req.method === 'POST' && postRoute(posts, path)) postRoute(posts, path)!(req, res);
      else res.writeHead(404).end();
    });
  } else {
    const receiver = new HTTPReceiver({
      signingSecret: env.SLACK_SIGNING_SECRET!,
      endpoints: '/slack/events',
      logger,
      processBeforeResponse: false,
      // Off: the request guard below has checked the signature of everything that reaches Bolt here (it
      // is installed in the same breath), and answers the unsigned ssl_check itself, so nothing unsigned
      // gets through (test/e2e/hostileInput.test.ts sends smuggled ssl_check bodies). A second check would
      // only add CPU to every ack.
      signatureVerification: false,
      customRoutes: [
        ...Object.entries(routes).map(([path, handler]) => ({ path, method: ['GET'], handler })),
        { path: '/alerts/:name', method: ['POST', 'PUT'], handler: alerts },
        ...posts.map((p) => ({ path: p.path, method: ['POST'], handler: p.handler })),
        { path: '/ack/:token', method: ['GET', 'HEAD', 'POST'], handler: ackLink },
      ],
    });
    // Malformed, oversized, mistyped or forged requests get 400/413/415/401 before Bolt reads them.
    installRequestGuard(receiver, { signingSecret: env.SLACK_SIGNING_SECRET!, log, ackFirst });
    // convoStore: off, as nothing reads context.conversation; Bolt's default runs it on every request.
    app = new App({ token: env.SLACK_BOT_TOKEN, receiver, logger, clientOptions, convoStore: false, ...who });
  }
  app.error(async (error) => {
    log.error({ err: error.message, code: (error as { code?: string }).code }, 'unhandled Slack listener error');
  });
  // What listeners and the work after their acks get: a gateway that never sleeps on a Retry-After.
  // That work runs in one queue, so a rate-limited call waited out there (views.publish refused for
  // one person's Home) would hold every button pressed behind it, an Acknowledge included; a 429
  // there is answered (try again) or left to the outbox, whose sends wait within their lease.
  const requestSlack = slack.withMaxInlineWait(0);
  const requestDeps: Deps = { ...deps, slack: requestSlack, directory: deps.directory.via(requestSlack) };
  const afterAckWork = registerListeners(app, requestDeps);
  // Paid before the port opens, so the first burst of commands after a deploy is acked as fast as any.
  if (opts.warmUp) log.info({ ms: Math.round((await warmUp(deps, opts.databasePoolSize)).ms) }, 'warmed up');

  let port: number;
  const host = opts.host ?? '0.0.0.0';
  if (socketMode) {
    await app.start();
    await new Promise<void>((resolve) => healthServer!.listen(env.PORT, host, resolve));
    port = (healthServer!.address() as AddressInfo).port;
  } else {
    const server = (await app.start({ port: env.PORT, host })) as Server;
    port = (server.address() as AddressInfo).port;
  }
  const metricsListener: MetricsListener | null =
    opts.metricsPort === undefined ? null : await listenForMetrics(metricsRoute, opts.metricsPort, host);
  if (opts.publicUrl === 'self') publicUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  // Every replica arms (idempotently) before its runner starts, so no handoff is missed after a deploy.
  await armHandoffTimers(deps);
  await armRetention(deps);
  await armHomeRefresh(deps);
  if (opts.startRunner !== false) runner.start();

  let stopped = false;
  return {
    deps,
    runner,
    port,
    metricsPort: metricsListener?.port ?? null,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Stop taking requests, finish what was already acked, then stop the runner.
      await app.stop();
      await afterAckWork.drained();
      await runner.stop();
      if (healthServer) await new Promise((resolve) => healthServer.close(resolve));
      await metricsListener?.close();
      await db.$disconnect();
    },
  };
}
