/**
 * Which group each alert of a body belongs to. Pure. An integration with `group_by` groups by those
 * labels' values; otherwise Alertmanager's (and Grafana's) `groupKey` makes one group of the body, and
 * a generic alert is a group of its own (its key). Within a group an alert is known by its fingerprint,
 * never by its summary: two different alerts with the same text stay two alerts.
 */
import { createHash } from 'node:crypto';
import type { AlertIntegration } from '../config/alerts';
import type { IncomingAlert, IncomingBatch } from './formats/types';

export interface GroupBatch {
  groupKey: string;
  groupLabels: Record<string, string>;
  /** One entry per fingerprint (the last one in the body wins). */
  alerts: IncomingAlert[];
  title: string;
}

/**
 * A group key is at most this long (Alertmanager's grows with every group_by label, and the key is in
 * a unique index). A longer one keeps its start, for people reading the row, and ends in the sha256 of
 * the whole key: two keys that differ only past the cut stay two groups.
 */
const MAX_GROUP_KEY = 500;

export function splitIntoGroups(integration: Pick<AlertIntegration, 'groupBy'>, batch: IncomingBatch): GroupBatch[] {
  const groups = new Map<string, { labels: Record<string, string>; alerts: Map<string, IncomingAlert> }>();
  for (const alert of batch.alerts) {
    const { key, labels } = groupOf(integration.groupBy, batch, alert);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels, alerts: new Map() }));
    group.alerts.delete(alert.fingerprint); // keep body order for the last occurrence
    group.alerts.set(alert.fingerprint, alert);
  }
  // Sorted: a body with several groups locks them in one order, so two bodies cannot deadlock.
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([groupKey, g]) => {
      const alerts = [...g.alerts.values()];
      return {
        groupKey,
        groupLabels: g.labels,
        alerts,
        title: groupTitle(alerts, g.labels),
      };
    });
}

function groupOf(
  groupBy: string[] | null,
  batch: IncomingBatch,
  alert: IncomingAlert,
): { key: string; labels: Record<string, string> } {
  if (groupBy) {
    const labels = Object.fromEntries(groupBy.map((l) => [l, alert.labels[l] ?? '']));
    return { key: fitKey(`{${groupBy.map((l) => `${l}=${JSON.stringify(labels[l])}`).join(',')}}`), labels };
  }
  if (batch.groupKey) return { key: fitKey(batch.groupKey), labels: batch.groupLabels };
  return { key: fitKey(`key:${alert.fingerprint}`), labels: {} };
}

function fitKey(key: string): string {
  if (key.length <= MAX_GROUP_KEY) return key;
  const suffix = `…sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
  let start = key.slice(0, MAX_GROUP_KEY - suffix.length);
  if (/[\uD800-\uDBFF]$/.test(start)) start = start.slice(0, -1); // never half a character
  return start + suffix;
}

/**
 * One line for the group, stable as it grows: its alert name and group label values when the sender
 * grouped by them (a group's first alert is only one of what may become hundreds), else its alerts'
 * shared title, else the first with a count.
 */
function groupTitle(alerts: IncomingAlert[], labels: Record<string, string>): string {
  if (labels.alertname) {
    const rest = Object.entries(labels)
      .filter(([k, v]) => k !== 'alertname' && v)
      .slice(0, 3)
      .map(([, v]) => v);
    return [labels.alertname, ...rest].join(' · ');
  }
  const first = alerts[0]?.title ?? 'Alert';
  return new Set(alerts.map((a) => a.title)).size <= 1 ? first : `${first} and ${alerts.length - 1} more`;
}
