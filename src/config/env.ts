/**
 * Process environment, validated once at start. A missing or malformed Slack setting is a person's
 * mistake, not a crash: `readEnv` returns every problem at once, each saying where to get the value.
 */
import { z } from 'zod';
import { parseDuration } from '../time/duration';

const SLACK_SETTING_HELP: Record<string, string> = {
  SLACK_BOT_TOKEN: 'the Bot User OAuth Token (starts with xoxb-): api.slack.com/apps → your app → OAuth & Permissions',
  SLACK_SIGNING_SECRET: 'the Signing Secret: api.slack.com/apps → your app → Basic Information → App Credentials',
  SLACK_APP_TOKEN:
    'an app-level token with connections:write (starts with xapp-): Basic Information → App-Level Tokens (only for Socket Mode)',
  SLACK_API_URL: 'the Web API base URL, e.g. https://slack.com/api/ (leave unset for Slack itself)',
};

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** true or false (unset: false); anything else is a mistake to name, not a silent false. */
const flag = optionalText
  .refine((v) => v === undefined || v === 'true' || v === 'false', { message: 'must be true or false' })
  .transform((v) => v === 'true');

const ZEnv = z
  .object({
    SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), {
      message: 'must start with xoxb-',
    }),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message: 'must start with xapp-',
    }),
    SLACK_API_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), {
      message: 'must be an http(s) URL',
    }),
    DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: 'must be a postgresql:// URL',
    }),
    // Connections one replica may hold: replicas × this must stay under Postgres's max_connections.
    DATABASE_POOL_SIZE: optionalText
      .transform((v) => (v === undefined ? 10 : Number(v)))
      .refine((n) => Number.isInteger(n) && n > 0, {
        message: 'must be a positive whole number of connections per replica, e.g. 10',
      }),
    PORT: optionalText
      .transform((v) => (v === undefined ? 3000 : Number(v)))
      .refine((n) => Number.isInteger(n) && n >= 0 && n < 65536, { message: 'must be a port number (0-65535)' }),
    // The local Slack's page, when no Slack settings are given (src/localSlack).
    LOCAL_SLACK_PORT: optionalText
      .transform((v) => (v === undefined ? 3000 : Number(v)))
      .refine((n) => Number.isInteger(n) && n >= 0 && n < 65536, { message: 'must be a port number (0-65535)' }),
    // /metrics on a listener of its own (inside the network), and not on PORT (src/app/metricsListener.ts).
    METRICS_PORT: optionalText
      .transform((v) => (v === undefined ? undefined : Number(v)))
      .refine((n) => n === undefined || (Number.isInteger(n) && n >= 0 && n < 65536), {
        message: 'must be a port number (0-65535)',
      }),
    INCIDENT_CONFIG: optionalText.transform((v) => v ?? './incident.config.yml'),
    EMBEDDED_POSTGRES_DIR: optionalText.transform((v) => v ?? './.data/postgres'),
    // In production, DATABASE_URL unset is an error unless this says the embedded Postgres is meant.
    EMBEDDED_POSTGRES: flag,
    // Refuse to start while the policy file has check-config warnings (a policy that would page nobody).
    STRICT_CONFIG: flag,
    SHUTDOWN_TIMEOUT: optionalText
      .transform((v) => (v === undefined ? 10_000 : parseDuration(v)))
      .refine((v) => v !== null, { message: 'must be a duration like 10s or 1m' })
      .transform((v) => v),
    // Reaching people beyond Slack (all optional: a method whose provider is not set up is reported, not paged).
    TWILIO_ACCOUNT_SID: optionalText.refine((v) => v === undefined || /^AC[0-9a-fA-F]{32}$/.test(v), {
      message: 'must be an Account SID (AC followed by 32 hex digits)',
    }),
    TWILIO_AUTH_TOKEN: optionalText,
    TWILIO_FROM: optionalText,
    TWILIO_MESSAGING_SERVICE_SID: optionalText.refine((v) => v === undefined || /^MG[0-9a-fA-F]{32}$/.test(v), {
      message: 'must be a Messaging Service SID (MG followed by 32 hex digits)',
    }),
    TWILIO_API_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), {
      message: 'must be an http(s) URL',
    }),
    SMTP_URL: optionalText.refine((v) => v === undefined || /^smtps?:\/\/\S+$/.test(v), {
      message: 'must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.example.com:465',
    }),
    EMAIL_FROM: optionalText,
    PUBLIC_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s/]+(\/\S*)?$/.test(v), {
      message: "must be the bot's public base URL, e.g. https://incident-bot.example.com",
    }),
    ACK_LINK_SECRET: optionalText,
    PAGERDUTY_API_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), {
      message: 'must be an http(s) URL',
    }),
    LOG_LEVEL: optionalText
      .transform((v) => v ?? 'info')
      .refine((v) => ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v), {
        message: 'must be one of fatal, error, warn, info, debug, trace, silent',
      }),
  })
  .superRefine((env, ctx) => {
    const twilio = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN];
    if (twilio.some(Boolean) && !twilio.every(Boolean))
      ctx.addIssue({
        code: 'custom',
        path: [env.TWILIO_ACCOUNT_SID ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID'],
        message: 'is not set (Twilio needs both TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)',
      });
    if (env.TWILIO_ACCOUNT_SID && !env.TWILIO_FROM && !env.TWILIO_MESSAGING_SERVICE_SID)
      ctx.addIssue({
        code: 'custom',
        path: ['TWILIO_FROM'],
        message: 'is not set: texts and calls need a number to come from (or TWILIO_MESSAGING_SERVICE_SID for texts)',
      });
    if (env.SMTP_URL && !env.EMAIL_FROM)
      ctx.addIssue({ code: 'custom', path: ['EMAIL_FROM'], message: 'is not set: the address pages are mailed from' });
  });

export type Env = z.output<typeof ZEnv> & { SLACK_BOT_TOKEN: string };

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`The bot cannot start: ${problems.length} setting(s) missing or wrong`);
  }

  /** Human text for the terminal: one line per setting, with where to find it. */
  explain(): string {
    return [
      'The bot cannot start. Fix these settings (environment variables or a .env file; see .env.example):',
      ...this.problems.map((p) => `  - ${p}`),
    ].join('\n');
  }
}

/** Settings for a real Slack are missing when the bot has neither a token nor a way to check requests. */
function missingSlackSettings(source: NodeJS.ProcessEnv): string[] {
  const set = (name: string) => (source[name] ?? '').trim() !== '';
  const missing: string[] = [];
  if (!set('SLACK_BOT_TOKEN')) missing.push('SLACK_BOT_TOKEN');
  // Socket Mode needs no signing secret: requests come over the app's own websocket.
  if (!set('SLACK_APP_TOKEN') && !set('SLACK_SIGNING_SECRET')) missing.push('SLACK_SIGNING_SECRET');
  return missing;
}

function explainProblem(name: string, message: string): string {
  const help = SLACK_SETTING_HELP[name];
  return `${name} ${message}${help ? ` — ${help}` : ''}`;
}

/**
 * `slackFromLocal`: no Slack settings are needed, the caller brings a local Slack's (the local Slack in
 * the browser); the Slack fields are then whatever was given, to be replaced by the caller.
 */
export function readEnv(source: NodeJS.ProcessEnv, opts: { slackFromLocal?: boolean } = {}): Env {
  const parsed = ZEnv.safeParse(source);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => explainProblem(String(issue.path[0] ?? ''), issue.message));
  if (!opts.slackFromLocal)
    problems.push(...missingSlackSettings(source).map((name) => explainProblem(name, 'is not set')));
  if (problems.length > 0 || !parsed.success) throw new EnvError(problems);
  return parsed.data as Env;
}

/**
 * No Slack settings at all, outside production: run against the local Slack in the browser (src/localSlack).
 * In production a missing token stays an error, so a deployment that lost its secrets fails loudly.
 */
export function wantsLocalSlack(source: NodeJS.ProcessEnv): boolean {
  const set = (name: string) => (source[name] ?? '').trim() !== '';
  return source.NODE_ENV !== 'production' && !['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'].some(set);
}
