/**
 * `npm start`. Reads settings, brings the database up (embedded Postgres when DATABASE_URL is unset)
 * and its schema up to date, then serves Slack. Every start-up failure a person can fix is one clear
 * message and exit code 1 — never a stack trace.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { EnvError, readEnv, wantsLocalSlack } from './config/env';
import { loadPolicy, PolicyError } from './config/policy';
import { startApp } from './app/app';
import { providerSecrets, providersFromEnv } from './app/providersFromEnv';
import { createLogger, registerSecrets, type Logger } from './common/logger';
import { resolveDatabase } from './db/databaseUrl';
import { migrateDatabase } from './db/migrate';
import { ShiftableClock, systemClock } from './common/clock';
import { StartupRefusal } from './common/errors';
import { choosePolicyFile } from './config/policyFile';
import { refuseEmbeddedInProduction } from './db/embeddedInProduction';
import { checkConfigAtStart } from './app/startupConfigCheck';
import { startLocalSlack, type LocalSlack } from './localSlack/start';
import { loadLocalPolicy } from './localSlack/localPolicy';
import { resumeClock } from './localSlack/resumeClock';
import { loadSchedules } from './schedules/storedOverrides';
import { applySecretFiles } from './config/secretFiles';
import { describeProxy, outboundHttp } from './runtime/proxy';

/**
 * V8 settings for a long-running bot, set here so that `node dist/main.js` has them however it is started.
 * - `--liftoff-only`: Prisma plans queries in WebAssembly (its query compiler), and V8 by default also
 *   compiles that module a second time, optimised, in the background: about 16 MB of resident memory
 *   for code that runs only when a query shape is new (Prisma caches the plans). Baseline code is
 *   enough. Set before the first query compiles the module.
 * - `--heap-growing-percent=40`: after each full collection V8 lets the heap grow to 1.4× what is live,
 *   instead of up to 4× under load, and gives pages back only when its memory reducer happens to run.
 *   The bot's live heap is small, so collecting more often costs little and RSS stays close to what is live.
 */
setFlagsFromString('--liftoff-only');
setFlagsFromString('--heap-growing-percent=40');

async function main(): Promise<void> {
  const envFile = path.join(process.cwd(), '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  // <NAME>_FILE for secrets (Docker and Kubernetes secrets), before anything reads the environment.
  applySecretFiles(process.env);

  // No Slack settings (outside production): Slack is the local one in the browser, as the database is
  // the embedded Postgres when DATABASE_URL is unset. Nothing past this choice knows the difference.
  const local = wantsLocalSlack(process.env);
  let env = readEnv(process.env, { slackFromLocal: local });
  registerSecrets(providerSecrets(env, process.env));
  const log = createLogger(env.LOG_LEVEL);
  activeLog = log;
  refuseEmbeddedInProduction({ ...env, NODE_ENV: process.env.NODE_ENV });
  const policyFile = choosePolicyFile(process.env.INCIDENT_CONFIG);
  // The local Slack runs the example's policy when there is no file (localPolicy.ts): nothing to warn.
  if (policyFile.missingDefault && !local) log.warn({ policyFile: policyFile.file }, policyFile.missingDefault);
  const policy = local
    ? loadLocalPolicy(policyFile.file, process.env)
    : { config: loadPolicy(policyFile.file), file: policyFile.file };
  const config = policy.config;
  // The alert tokens are named by the policy, so their files are read once it is loaded.
  applySecretFiles(
    process.env,
    Object.values(config.alerts).flatMap((a) => (a.hmacSecretEnv ? [a.tokenEnv, a.hmacSecretEnv] : [a.tokenEnv])),
  );
  // HTTPS_PROXY, HTTP_PROXY and NO_PROXY: every outgoing HTTP call (Slack, Twilio, PagerDuty, webhooks).
  const outbound = outboundHttp(process.env);
  if (outbound.proxy)
    log.info(
      {
        httpProxy: outbound.proxy.httpProxy && describeProxy(outbound.proxy.httpProxy),
        httpsProxy: outbound.proxy.httpsProxy && describeProxy(outbound.proxy.httpsProxy),
        noProxy: outbound.proxy.noProxy,
      },
      'outgoing HTTP goes through the proxy',
    );
  log.info(
    {
      policyFile: policy.file,
      severities: config.severities.map((s) => s.key),
      schedules: Object.keys(config.schedules),
    },
    'policy loaded',
  );
  const clock = local ? new ShiftableClock() : undefined;
  checkConfigAtStart({
    config,
    policyFile: policy.file,
    now: (clock ?? systemClock).now(),
    env: process.env,
    strict: env.STRICT_CONFIG,
    log,
  });
  let localSlack: LocalSlack | null = null;
  if (clock) {
    localSlack = await startLocalSlack({ port: env.LOCAL_SLACK_PORT, clock, config, log });
    // The bot listens beside it, on loopback only: the local Slack signs with a secret made at this start.
    // Unless PORT names another port, that is the one after the page's (PORT=3000 in a copied .env.example too).
    const next = env.LOCAL_SLACK_PORT === 0 ? 0 : env.LOCAL_SLACK_PORT + 1;
    const port = process.env.PORT && env.PORT !== env.LOCAL_SLACK_PORT ? env.PORT : next;
    env = { ...env, ...localSlack.slackEnv, SLACK_APP_TOKEN: undefined, PORT: port };
  }

  const database = await resolveDatabase(env, {
    dataDir: path.resolve(env.EMBEDDED_POSTGRES_DIR),
    log: (msg) => log.info(msg),
  });
  try {
    const { applied } = await migrateDatabase(database.url, (msg) => log.info(msg));
    log.info({ applied, embedded: database.embedded }, 'database schema up to date');
    const running = await startApp({
      env,
      config,
      clock,
      host: localSlack ? '127.0.0.1' : undefined,
      localSlack: localSlack !== null,
      databaseUrl: database.url,
      databasePoolSize: env.DATABASE_POOL_SIZE,
      log,
      warmUp: true,
      providers: providersFromEnv(env, process.env, outbound.fetch),
      // The local Slack is on this machine's loopback: never through a proxy.
      outbound: localSlack ? undefined : outbound,
      ...(env.METRICS_PORT !== undefined ? { metricsPort: env.METRICS_PORT } : {}),
      publicUrl: env.PUBLIC_URL ?? null,
      linkSecret: env.ACK_LINK_SECRET,
      twilioAuthToken: env.TWILIO_AUTH_TOKEN ?? null,
    });
    // SIGTERM or SIGINT: stop taking work, finish what is in flight within SHUTDOWN_TIMEOUT, close the
    // pool, exit 0. Work not finished by then is not lost: its lease runs out and the outbox runs it
    // again (here after a restart, or on another replica). A second signal exits at once.
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      stopping = true;
      log.info({ signal, timeoutMs: env.SHUTDOWN_TIMEOUT }, 'shutting down');
      const finished = await withTimeout(running.stop(), env.SHUTDOWN_TIMEOUT).catch((e: unknown) => {
        log.error({ err: String(e) }, 'stop failed');
        return true;
      });
      if (!finished)
        log.warn(
          { timeoutMs: env.SHUTDOWN_TIMEOUT },
          'work still in flight at the shutdown timeout; the outbox will run it again after its lease',
        );
      await localSlack?.close().catch((e: unknown) => log.error({ err: String(e) }, 'closing the local Slack failed'));
      await database
        .stop()
        .catch((e: unknown) => log.error({ err: String(e) }, 'stopping the embedded Postgres failed'));
      log.info('stopped');
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    // Only now is the bot said to be ready: a signal from here on always gets a clean shutdown.
    log.info(
      { port: running.port, mode: localSlack ? 'local' : env.SLACK_APP_TOKEN ? 'socket' : 'http' },
      `incident bot ready on :${running.port} (POST /slack/events, GET /healthz)` +
        (running.metricsPort !== null ? `, /metrics on :${running.metricsPort}` : ''),
    );
    if (localSlack && clock) {
      const resumedMs = await resumeClock(running.deps.db, clock);
      if (resumedMs > 0) log.info({ resumedMs }, "the bot's clock resumes where it was moved to before the restart");
      const botUrl = `http://127.0.0.1:${running.port}`;
      localSlack.connect({
        eventsUrl: `${botUrl}/slack/events`,
        botUrl,
        kick: () => running.deps.kick(),
        keptIncidents: await running.deps.db.incident.count(),
        schedules: (now) => loadSchedules(running.deps, now),
      });
      process.stdout.write(
        `No Slack settings: running against a local Slack at ${localSlack.url} — set SLACK_BOT_TOKEN and ` +
          `SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) to connect a workspace\n`,
      );
    }
  } catch (error) {
    await localSlack?.close().catch(() => undefined);
    await database.stop().catch(() => undefined);
    throw error;
  }
}

/** True when `work` ended within `ms`, false when the time ran out first. */
async function withTimeout(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Turn what went wrong into one sentence a person can act on. */
function explainStartupFailure(error: unknown): string {
  if (error instanceof EnvError || error instanceof PolicyError) return error.explain();
  if (error instanceof StartupRefusal) return error.message;
  const e = error as { code?: string; data?: { error?: string }; message?: string; slackError?: string };
  const slackError = e.slackError ?? e.data?.error;
  if (
    slackError === 'invalid_auth' ||
    slackError === 'not_authed' ||
    slackError === 'account_inactive' ||
    slackError === 'token_revoked'
  ) {
    return `Slack rejected SLACK_BOT_TOKEN (${slackError}). Copy the Bot User OAuth Token again from api.slack.com/apps → your app → OAuth & Permissions.`;
  }
  if (slackError === 'request_failed' || e.code === 'slack_webapi_request_error') {
    return `Could not reach Slack's Web API (${e.message}). Check the network, or SLACK_API_URL if you set it.`;
  }
  if (e.code === 'ECONNREFUSED' || /ECONNREFUSED|database/i.test(e.message ?? '')) {
    return `Could not use the database: ${e.message}. Check DATABASE_URL (or unset it to use the embedded Postgres).`;
  }
  if (e.code === 'EADDRINUSE')
    return `The port is already in use: ${e.message}. Set PORT (the bot) or LOCAL_SLACK_PORT (the local Slack's page) to a free one.`;
  return `The bot could not start: ${e.message ?? String(error)}`;
}

// A promise nobody awaited must never take the bot down (an on-call tool that crashes pages nobody):
// it is logged, and the work it belonged to is retried by the outbox.
let activeLog: Logger | null = null;
process.on('unhandledRejection', (reason) => {
  const err = reason instanceof Error ? reason.message : String(reason);
  if (activeLog) activeLog.error({ err }, 'unhandled promise rejection');
  else process.stderr.write(`unhandled promise rejection: ${err}\n`);
});

main().catch((error: unknown) => {
  // A JSON line like every other, so log collection and alerting see it; its own logger at fatal, so
  // neither LOG_LEVEL=silent nor a failure before LOG_LEVEL was read can hide it. pino writes stdout
  // synchronously, so the line is out before the exit.
  createLogger('fatal').fatal(explainStartupFailure(error));
  process.exit(1);
});
