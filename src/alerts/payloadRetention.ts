/**
 * Retention of alert payloads (`retention.alert_payloads`): an alert of a group resolved before the
 * cut-off, and not seen since, loses its labels, annotations, links and value; `payload_removed_at`
 * says when. The row stays (fingerprint, status, title, times), so the group's counts and message hold.
 * Only resolved groups are touched: the steady intake path (steadyFlush.ts), which trusts a firing
 * group's alerts as it last saw them, never reads these, and a reopened group goes the transaction way.
 */
import type { Tx } from '../db/types';

export async function purgeAlertPayloads(tx: Tx, before: Date, limit: number, now: Date): Promise<number> {
  return tx.$executeRaw`
    UPDATE alert SET labels = '{}', annotations = '{}', links = '[]', value = NULL, payload_removed_at = ${now}
    WHERE id IN (
      SELECT a.id FROM alert a JOIN alert_group g ON g.id = a.group_id
      WHERE a.last_seen_at < ${before} AND a.payload_removed_at IS NULL
        AND g.state = 'resolved' AND g.resolved_at < ${before}
      ORDER BY a.last_seen_at LIMIT ${limit})`;
}
