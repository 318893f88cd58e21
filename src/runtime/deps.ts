/** What flows, listeners and job handlers are given: built once in app/app.ts, faked nowhere. */
import type { Clock } from '../common/clock';
import type { PolicyConfig } from '../config/policy';
import type { Logger } from '../common/logger';
import type { Metrics } from './metrics';
import type { SlackHealth } from '../slack/health';
import type { SlackDirectory } from '../slack/directory';
import type { SlackGateway } from '../slack/gateway';
import type { Db } from '../db/types';
import type { AckFirst } from '../slack/ackFirst';
import type { Providers } from '../providers/types';

export interface Deps {
  db: Db;
  config: PolicyConfig;
  clock: Clock;
  slack: SlackGateway;
  directory: SlackDirectory;
  log: Logger;
  metrics: Metrics;
  /** Whether Slack accepts the bot at all (token, scopes): /readyz and the metrics read it. */
  slackHealth: SlackHealth;
  /** Background work waits while Slack requests are being acked (absent: never waits). */
  ackFirst?: AckFirst;
  /** SMS, voice, email and webhook senders this process has settings for (each null when not set up). */
  providers: Providers;
  /** The bot's public base URL (PUBLIC_URL), for provider callbacks and acknowledge links; null when unset. */
  publicUrl(): string | null;
  /** Signs acknowledge links (HMAC-SHA256), the same on every replica. */
  linkKey: Buffer;
  /** Wake the job runner now instead of at its next tick (work was just enqueued). */
  kick(): void;
}
