/**
 * The `alert_digest:` section of the policy file: how many new alert groups a minute one channel takes
 * as messages of their own before the rest share one digest message (docs/alerts.md#storms-one-digest).
 * One setting for every channel: the limit it guards is Slack's, per channel, whichever integrations
 * post there.
 *
 *   alert_digest:
 *     max_per_minute: 20
 */
import { z } from 'zod';

export interface AlertDigestConfig {
  /** New groups a channel takes as messages of their own within a minute; past it, they join its digest. */
  maxPerMinute: number;
}

/**
 * Slack posts about one message a second in a channel, and the channel also carries the groups'
 * thread replies (who was paged, who acknowledged): 20 new groups a minute, with a reply or two each,
 * is about what the channel takes without a backlog.
 */
export const DEFAULT_ALERT_DIGEST: AlertDigestConfig = { maxPerMinute: 20 };

export const ZAlertDigest = z
  .strictObject({
    max_per_minute: z
      .number({ error: 'expected a whole number of new alert groups a minute, like 20' })
      .int({ error: 'expected a whole number of new alert groups a minute, like 20' })
      .min(1, { error: 'expected at least 1' })
      .default(DEFAULT_ALERT_DIGEST.maxPerMinute),
  })
  .default({ max_per_minute: DEFAULT_ALERT_DIGEST.maxPerMinute })
  .transform((d): AlertDigestConfig => ({ maxPerMinute: d.max_per_minute }));
