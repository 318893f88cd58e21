/**
 * Retention of captured messages (`retention.captured_messages`): a Slack message copied into a
 * timeline keeps its event (when, who, that something was said) but loses its text once older than
 * the setting; `text_removed_at` says when. The post-mortem then shows the placeholder.
 */
import type { Tx } from '../db/types';

export const REMOVED_TEXT = '(message text removed after its retention period)';

export async function purgeCapturedText(tx: Tx, before: Date, limit: number, now: Date): Promise<number> {
  return tx.$executeRaw`
    UPDATE timeline_event SET text = ${REMOVED_TEXT}, text_removed_at = ${now}
    WHERE id IN (
      SELECT id FROM timeline_event
      WHERE kind = 'captured' AND at < ${before} AND text_removed_at IS NULL
      ORDER BY at LIMIT ${limit})`;
}
