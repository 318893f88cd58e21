/**
 * pino JSON logs. Secrets never reach a line, whoever logs it:
 * - fields: the redact list covers every place a token or secret travels in our own objects;
 * - text: every string logged (ours, Bolt's, the Socket Mode client's raw envelopes at debug, the Web
 *   API client's) is scrubbed of Slack tokens, response_url addresses, database passwords and the
 *   values registered with `registerSecrets` (the signing secret, alert tokens), because a secret
 *   inside a string is out of reach of field paths.
 */
import pino, { Logger } from 'pino';

export type { Logger };

const secrets = new Set<string>();

/** Values that must never appear in a log line, wherever they occur (at least 6 characters, so scrubbing stays meaningful). */
export function registerSecrets(values: (string | undefined)[]): void {
  for (const v of values) if (v && v.length >= 6) secrets.add(v);
}

const PATTERNS: [RegExp, string][] = [
  // Slack tokens: bot, user, app-level, config, refresh.
  [/\bxox[abeoprs]-[A-Za-z0-9-]+/g, 'xox?-[redacted]'],
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]'],
  // A response_url (JSON, form-encoded or plain) lets anyone answer as the bot for 30 minutes.
  [/(response_url\\?"?\s*[:=]\s*\\?"?)[^"\\\s,}&]+/g, '$1[redacted]'],
  [/https:\/\/hooks\.slack\.com\/[^\s"'\\<>]+/g, 'https://hooks.slack.com/[redacted]'],
  // postgres://user:password@host
  [/(postgres(?:ql)?:\/\/[^:/\s@]+:)[^@\s]+@/g, '$1[redacted]@'],
];

export function scrub(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  return out;
}

/** Strings anywhere in a logged object, scrubbed (a copy; depth-limited: log objects are small). */
function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 4 || value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (value instanceof Error)
    return { message: scrub(value.message), ...(value.stack ? { stack: scrub(value.stack) } : {}) };
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, depth + 1)]));
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'incident-bot' },
      redact: {
        paths: [
          '*.token',
          '*.SLACK_BOT_TOKEN',
          '*.SLACK_SIGNING_SECRET',
          '*.SLACK_APP_TOKEN',
          '*.signingSecret',
          '*.authorization',
          '*.headers.authorization',
          '*.headers["x-slack-signature"]',
          'token',
          'args.token',
          '*.DATABASE_URL',
          '*.connectionString',
          'response_url',
          '*.response_url',
          '*.responseUrl',
        ],
        censor: '[redacted]',
      },
      hooks: {
        logMethod(args, method) {
          return method.apply(this, args.map((a) => scrubValue(a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
