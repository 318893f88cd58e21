/**
 * What every sender's body becomes once parsed: the same shape whether it came from Alertmanager,
 * Grafana or the generic JSON format. Nothing here knows about groups, routes or Slack.
 */
export type AlertStatus = 'firing' | 'resolved';

/** Links a person needs to act on an alert; each present only when the sender gave it. */
export interface AlertLinks {
  /** Alertmanager/Grafana `generatorURL`; generic `source_url`. */
  source?: string;
  dashboard?: string;
  panel?: string;
  silence?: string;
  /** The `runbook_url` annotation (Prometheus convention). */
  runbook?: string;
  image?: string;
}

export interface IncomingAlert {
  /** The deduplication key: Alertmanager/Grafana `fingerprint`, generic `key`. Never the summary. */
  fingerprint: string;
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** One line for people: the `summary` annotation, else `alertname`, else the key. */
  title: string;
  /** The severity label's value (see the integration's `severity_label`), or null. */
  severity: string | null;
  startsAt: Date | null;
  /** Null while firing (Alertmanager sends 0001-01-01T00:00:00Z then). */
  endsAt: Date | null;
  links: AlertLinks;
  /** Grafana's `valueString`, when present. */
  value: string | null;
}

export interface IncomingBatch {
  /** Alertmanager's (and Grafana's) `groupKey`; null for the generic format. */
  groupKey: string | null;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  /** Alertmanager `externalURL` / Grafana's; null when absent. */
  externalUrl: string | null;
  /** Alerts the sender left out of this body (Alertmanager `truncatedAlerts`); 0 when absent. */
  truncatedAlerts: number;
  alerts: IncomingAlert[];
}

export type { AlertFormat } from '../../config/alerts';

export type ParsedBody = { ok: true; batch: IncomingBatch } | { ok: false; reason: string };
