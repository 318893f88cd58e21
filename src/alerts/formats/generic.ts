/**
 * The generic format, for senders that are neither Alertmanager nor Grafana (a cron job, a CI step,
 * a curl): one alert per request, one flat object.
 *
 *   { "key": "dedup key", "status": "firing" | "resolved", "severity": "...", "summary": "...",
 *     "details": { ... }, "source_url": "https://..." }
 *
 * - `key` is required (non-empty, at most 200 characters): it is the fingerprint, so resolving
 *   means sending the same key with `"status": "resolved"`.
 * - `status` defaults to "firing" when absent or null, because the simplest sender ("something is
 *   wrong, page") should not need to know the word; any other value is refused, since guessing
 *   wrong about a resolve would close or reopen someone's incident.
 * - `severity` becomes both the severity and `labels[severityLabel]`, so routing on labels works
 *   the same as for the other formats.
 * - `summary` is the title (the key when absent) and the `summary` annotation.
 * - `details` values become annotations; non-strings are JSON-encoded, all are cut to 2000.
 * - An array of alerts is refused: one request, one alert, one answer.
 * Unknown fields are ignored, as for the other formats.
 */
import {
  boundedMap,
  isFields,
  keyString,
  link,
  links,
  nonEmpty,
  optionalString,
  parseWith,
  refuse,
  status,
  truncate,
} from './alertmanager';
import type { ParsedBody } from './types';

const asAnnotation = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

export function parseGeneric(body: unknown, severityLabel: string): ParsedBody {
  return parseWith(body, (body) => {
    if (Array.isArray(body)) refuse('body', 'expected one JSON object, not an array (send one alert per request)');
    if (!isFields(body)) refuse('body', 'expected a JSON object');
    const fingerprint = keyString(body.key, 'key');
    const alertStatus = body.status === undefined || body.status === null ? 'firing' : status(body.status, 'status');
    const severity = nonEmpty(optionalString(body.severity, 'severity'));
    const summary = nonEmpty(optionalString(body.summary, 'summary'));
    const details =
      body.details === undefined || body.details === null ? {} : boundedMap(body.details, 'details', asAnnotation);
    // The summary field wins over a `details.summary`: it is the one the format documents.
    const annotations = summary === undefined ? details : { ...details, summary: truncate(summary) };
    return {
      groupKey: null,
      groupLabels: {},
      commonLabels: {},
      externalUrl: null,
      truncatedAlerts: 0,
      alerts: [
        {
          fingerprint,
          status: alertStatus,
          labels: severity === undefined ? {} : Object.fromEntries([[severityLabel, truncate(severity)]]),
          annotations,
          title: summary === undefined ? fingerprint : truncate(summary),
          severity: severity === undefined ? null : truncate(severity),
          startsAt: null,
          endsAt: null,
          links: links({ source: link(optionalString(body.source_url, 'source_url')) }),
          value: null,
        },
      ],
    };
  });
}
