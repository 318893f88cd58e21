/**
 * One flush's alerts, grouped: what each group received from every body of the flush, and the small
 * readings of it that both ways of storing a flush (intake.ts, steadyFlush.ts) make.
 */
import type { AlertIntegration } from '../config/alerts';
import { mostSevere, routeFor } from '../config/alertRoutes';
import type { IncomingAlert } from './formats/types';
import type { GroupBatch } from './grouping';
import type { GroupRoute } from './lifecycle';

export interface IntakeResult {
  groups: number;
  /** Alerts that started firing (new, or firing again). */
  firing: number;
  /** Firing alerts already known to be firing: counted, never paged again. */
  duplicates: number;
  resolved: number;
  /** Resolved alerts for a group that is not open. */
  ignored: number;
  /** Groups that started a page now. */
  paged: number;
}

/** One group's alerts from every body of the flush, in arrival order. */
export interface FlushGroup {
  key: string;
  first: GroupBatch;
  bodies: Set<number>;
  entries: { alert: IncomingAlert; body: number }[];
  truncated: number;
  externalUrl: string | null;
}

/** The severity label values of a flush's alerts that end it firing (the last word on each fingerprint wins). */
export function firingSeverities(g: FlushGroup): (string | null)[] {
  const last = new Map<string, IncomingAlert>();
  for (const { alert } of g.entries) last.set(alert.fingerprint, alert);
  return [...last.values()].filter((a) => a.status === 'firing').map((a) => a.severity);
}

/** The route of the most severe of these severities (a group follows its most severe alert). */
export function routeOf(integration: AlertIntegration, severities: (string | null)[]): GroupRoute {
  const severity = mostSevere(integration, severities);
  return { severity, ...routeFor(integration, severity) };
}

/** Each fingerprint's last alert in the flush, with how many times the flush saw it. */
export function latestAlerts(g: FlushGroup): { alert: IncomingAlert; received: number }[] {
  const latest = new Map<string, { alert: IncomingAlert; received: number }>();
  for (const { alert } of g.entries)
    latest.set(alert.fingerprint, { alert, received: (latest.get(alert.fingerprint)?.received ?? 0) + 1 });
  return [...latest.values()];
}

/** Each alert of a kept group counted in its body's result, by how it stood before (`before`: key `${groupId}:${fingerprint}`). */
export function countOutcomes(
  g: FlushGroup,
  groupId: number,
  before: Map<string, string>,
  results: IntakeResult[],
): void {
  const seen = new Map<string, string>();
  for (const { alert, body } of g.entries) {
    const was = seen.get(alert.fingerprint) ?? before.get(`${groupId}:${alert.fingerprint}`);
    const r = results[body];
    if (alert.status === 'resolved') r.resolved += 1;
    else if (was === 'firing') r.duplicates += 1;
    else r.firing += 1;
    seen.set(alert.fingerprint, alert.status);
  }
  for (const body of g.bodies) results[body].groups += 1;
}
