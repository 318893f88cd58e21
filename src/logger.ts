/**
 * pino JSON logs. Secrets never reach a line: the redact list covers every place a token or signing
 * secret could travel (config objects, Slack client options, request headers).
 */
import pino, { Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'incident-bot' },
      redact: {
        paths: [
          '*.token', '*.SLACK_BOT_TOKEN', '*.SLACK_SIGNING_SECRET', '*.SLACK_APP_TOKEN', '*.signingSecret',
          '*.authorization', '*.headers.authorization', '*.headers["x-slack-signature"]', 'token', 'args.token',
          '*.DATABASE_URL', '*.connectionString',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
