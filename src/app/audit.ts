/**
 * An operator's action on incident data (export, delete), as one pino line with `audit: true`: who
 * (the operator's login), what, which incident and how many rows. Never the incident's text: the
 * audit trail outlives what it describes.
 */
import type { Logger } from '../common/logger';

export interface AuditEntry {
  action: 'export' | 'delete-incident';
  incidentId: number;
  operator: string;
  counts: Record<string, number>;
  /** For a delete run without --yes: nothing was removed. */
  dryRun?: boolean;
}

export function audit(log: Logger, entry: AuditEntry): void {
  log.info({ audit: true, ...entry }, `audit: ${entry.action}`);
}
