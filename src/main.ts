/**
 * `npm start`. Reads settings, brings the database up (embedded Postgres when DATABASE_URL is unset)
 * and its schema up to date, then serves Slack. Every start-up failure a person can fix is one clear
 * message and exit code 1 — never a stack trace.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EnvError, readEnv } from './config/env';
import { loadPolicy, PolicyError } from './config/policy';
import { startApp } from './app';
import { createLogger } from './logger';
import { resolveDatabase } from './db/databaseUrl';
import { migrateDatabase } from './db/migrate';

async function main(): Promise<void> {
  const envFile = path.join(process.cwd(), '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);

  const env = readEnv(process.env);
  const log = createLogger(env.LOG_LEVEL);
  const config = loadPolicy(path.resolve(env.INCIDENT_CONFIG));
  log.info({ policyFile: env.INCIDENT_CONFIG, severities: config.severities.map((s) => s.key), schedules: Object.keys(config.schedules) }, 'policy loaded');

  const database = await resolveDatabase(env, {
    dataDir: path.resolve(env.EMBEDDED_POSTGRES_DIR),
    log: (msg) => log.info(msg),
  });
  try {
    const { applied } = await migrateDatabase(database.url, (msg) => log.info(msg));
    log.info({ applied, embedded: database.embedded }, 'database schema up to date');
    const running = await startApp({ env, config, databaseUrl: database.url, log });
    log.info({ port: running.port, mode: env.SLACK_APP_TOKEN ? 'socket' : 'http' }, `incident bot ready on :${running.port} (POST /slack/events, GET /healthz)`);

    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down');
      await running.stop().catch((e: unknown) => log.error({ err: String(e) }, 'stop failed'));
      await database.stop();
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
  } catch (error) {
    await database.stop().catch(() => undefined);
    throw error;
  }
}

/** Turn what went wrong into one sentence a person can act on. */
function explainStartupFailure(error: unknown): string {
  if (error instanceof EnvError || error instanceof PolicyError) return error.explain();
  const e = error as { code?: string; data?: { error?: string }; message?: string; slackError?: string };
  const slackError = e.slackError ?? e.data?.error;
  if (slackError === 'invalid_auth' || slackError === 'not_authed' || slackError === 'account_inactive' || slackError === 'token_revoked') {
    return `Slack rejected SLACK_BOT_TOKEN (${slackError}). Copy the Bot User OAuth Token again from api.slack.com/apps → your app → OAuth & Permissions.`;
  }
  if (slackError === 'request_failed' || e.code === 'slack_webapi_request_error') {
    return `Could not reach Slack's Web API (${e.message}). Check the network, or SLACK_API_URL if you set it.`;
  }
  if (e.code === 'ECONNREFUSED' || /ECONNREFUSED|database/i.test(e.message ?? '')) {
    return `Could not use the database: ${e.message}. Check DATABASE_URL (or unset it to use the embedded Postgres).`;
  }
  if (e.code === 'EADDRINUSE') return `The port is already in use: ${e.message}. Set PORT to a free one.`;
  return `The bot could not start: ${e.message ?? String(error)}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`${explainStartupFailure(error)}\n`);
  process.exit(1);
});
