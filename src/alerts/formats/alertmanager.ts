/**
 * Alertmanager's webhook body (`version: "4"`, https://prometheus.io/docs/alerting/latest/configuration/#webhook_config)
 * turned into an IncomingBatch. Grafana sends the same body with a few more fields, so the walk over
 * it is exported for grafana.ts, and the small field readers for generic.ts: one set of rules for
 * what a bad field is and how it is reported.
 *
 * Hand-written rather than zod: every refusal must name the exact field (`alerts[3].fingerprint`),
 * long values are cut rather than refused, and unknown fields anywhere are ignored on purpose
 * (newer senders add `notification_reason`, `routeLabels`, ...).
 */
import type { AlertLinks, AlertStatus, IncomingAlert, IncomingBatch, ParsedBody } from './types';
import { storable } from './storable';

/** Bounds that keep one body from filling a Slack message or the database. */
/**
 * `alerts`: Alertmanager's default `max_alerts: 0` sends every alert of a group in each notification,
 * and it does not retry a 4xx: refusing a big outage's body would page nobody. The 4 MiB body cap
 * (alerts/webhook.ts) binds long before this does.
 */
export const LIMITS = { alerts: 50_000, key: 200, value: 2000, entries: 100 } as const;

export type Fields = Record<string, unknown>;

/** The largest number a Postgres `int` column stores. */
const MAX_INT4 = 2_147_483_647;

/** Thrown by the readers and caught by `parseWith`: never escapes this module's parsers. */
class Refused extends Error {}

export function refuse(path: string, problem: string): never {
  throw new Refused(`${path}: ${problem}`);
}

/**
 * Runs a reader walk over the body less what Postgres cannot store (storable.ts), so no field, at any
 * depth, can make the body unstorable. A refusal becomes `ok: false` with its reason (saying when
 * characters were taken out first: a key that was only NULs reads as empty); anything else is a bug
 * and propagates.
 */
export function parseWith(body: unknown, walk: (body: unknown) => IncomingBatch): ParsedBody {
  const { value, removed } = storable(body);
  try {
    return { ok: true, batch: walk(value) };
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    const note = removed
      ? ` (read after removing ${removed} character${removed === 1 ? '' : 's'} Postgres cannot store: NUL, or half of a UTF-16 surrogate pair)`
      : '';
    return { ok: false, reason: `${err.message}${note}` };
  }
}

export function isFields(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function fields(v: unknown, path: string): Fields {
  if (!isFields(v)) refuse(path, 'expected an object');
  return v;
}

/** Cuts to at most `max` UTF-16 units, ending in "…", without splitting a surrogate pair. */
export function truncate(text: string, max: number = LIMITS.value): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Absent and null read as undefined: senders disagree on which they use for "not set". */
export function optionalString(v: unknown, path: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') refuse(path, 'expected a string');
  return v;
}

/** A key: never cut, since a cut key would merge two different alerts. */
export function keyString(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.trim() === '') refuse(path, 'expected a non-empty string');
  if (v.length > LIMITS.key) refuse(path, `longer than ${LIMITS.key} characters`);
  return v;
}

export function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}

/** Own properties only: `labels.constructor` must not find Object's. */
export function own(map: Record<string, string>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/**
 * A bounded map: too many entries or an over-long key refuses the body; values are made strings by
 * `asString` and cut. Object.fromEntries so a `__proto__` key stays a plain key.
 */
export function boundedMap(
  v: unknown,
  path: string,
  asString: (value: unknown, path: string) => string,
): Record<string, string> {
  const entries = Object.entries(fields(v, path));
  if (entries.length > LIMITS.entries) refuse(path, `more than ${LIMITS.entries} entries (${entries.length})`);
  for (const [key] of entries) {
    if (key.length > LIMITS.key) refuse(path, `key "${key.slice(0, 40)}…" is longer than ${LIMITS.key} characters`);
  }
  return Object.fromEntries(entries.map(([key, value]) => [key, truncate(asString(value, `${path}.${key}`))]));
}

function mustBeString(v: unknown, path: string): string {
  if (typeof v !== 'string') refuse(path, 'expected a string');
  return v;
}

/** A label or annotation map. Absent/null is empty (Go marshals a nil map as null). */
export function stringMap(v: unknown, path: string): Record<string, string> {
  return v === undefined || v === null ? {} : boundedMap(v, path, mustBeString);
}

export function status(v: unknown, path: string): AlertStatus {
  if (v === 'firing' || v === 'resolved') return v;
  refuse(path, 'expected "firing" or "resolved"');
}

/** Only http(s), and never cut: a cut URL is a broken link, and a `javascript:` one does not belong in Slack. */
export function link(v: string | undefined): string | undefined {
  if (v === undefined || v.length > LIMITS.value || !/^https?:\/\/\S+$/i.test(v)) return undefined;
  return v;
}

/** Drops the links that were not given, so the shape says "present only when the sender gave it". */
export function links(given: AlertLinks): AlertLinks {
  return Object.fromEntries(Object.entries(given).filter(([, url]) => url !== undefined));
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Go's zero time (`0001-01-01T00:00:00Z`, "not set") and absence both read as null. */
function timestamp(v: unknown, path: string): Date | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || !RFC3339.test(v) || Number.isNaN(Date.parse(v))) {
    refuse(path, 'expected an RFC 3339 timestamp');
  }
  const at = new Date(v);
  return at.getUTCFullYear() <= 1 ? null : at;
}

/** What a sender adds to each alert beyond Alertmanager's fields (Grafana's URLs and value). */
export type AlertExtras = (raw: Fields, path: string) => { links: AlertLinks; value: string | null };

const noExtras: AlertExtras = () => ({ links: {}, value: null });

function parseAlert(raw: unknown, path: string, severityLabel: string, extras: AlertExtras): IncomingAlert {
  const alert = fields(raw, path);
  const fingerprint = keyString(alert.fingerprint, `${path}.fingerprint`);
  const alertStatus = status(alert.status, `${path}.status`);
  const labels = stringMap(alert.labels, `${path}.labels`);
  const annotations = stringMap(alert.annotations, `${path}.annotations`);
  const startsAt = timestamp(alert.startsAt, `${path}.startsAt`);
  const endsAt = timestamp(alert.endsAt, `${path}.endsAt`);
  const source = link(optionalString(alert.generatorURL, `${path}.generatorURL`));
  const added = extras(alert, path);
  return {
    fingerprint,
    status: alertStatus,
    labels,
    annotations,
    // Empty strings fall through: a blank summary is no title.
    title: nonEmpty(own(annotations, 'summary')) ?? nonEmpty(own(labels, 'alertname')) ?? fingerprint,
    severity: nonEmpty(own(labels, severityLabel)) ?? null,
    startsAt,
    // Whatever a firing alert carries as endsAt (a zero time, or a sender's future expiry) is not an end.
    endsAt: alertStatus === 'firing' ? null : endsAt,
    links: links({
      source,
      runbook: link(nonEmpty(own(annotations, 'runbook_url')) ?? nonEmpty(own(annotations, 'runbook'))),
      ...added.links,
    }),
    value: added.value,
  };
}

/** The Alertmanager-shaped walk; `version` is what the sender must say when it says one at all. */
export function parseAlertmanagerShaped(
  body: unknown,
  severityLabel: string,
  version: string,
  extras: AlertExtras = noExtras,
): ParsedBody {
  return parseWith(body, (body) => {
    if (!isFields(body)) refuse('body', 'expected a JSON object');
    if (body.version !== undefined && body.version !== version) refuse('version', `expected "${version}"`);
    if (body.status !== undefined) status(body.status, 'status');
    optionalString(body.receiver, 'receiver');
    if (!Array.isArray(body.alerts) || body.alerts.length === 0) refuse('alerts', 'expected a non-empty array');
    if (body.alerts.length > LIMITS.alerts) {
      refuse('alerts', `more than ${LIMITS.alerts} alerts in one body (${body.alerts.length})`);
    }
    const truncated = body.truncatedAlerts ?? 0;
    if (typeof truncated !== 'number' || !Number.isSafeInteger(truncated) || truncated < 0) {
      refuse('truncatedAlerts', 'expected a non-negative integer');
    }
    const groupLabels = stringMap(body.groupLabels, 'groupLabels');
    const commonLabels = stringMap(body.commonLabels, 'commonLabels');
    stringMap(body.commonAnnotations, 'commonAnnotations');
    return {
      groupKey: nonEmpty(optionalString(body.groupKey, 'groupKey')) ?? null,
      groupLabels,
      commonLabels,
      externalUrl: link(optionalString(body.externalURL, 'externalURL')) ?? null,
      // Alertmanager counts in a uint64; the column is an int. Past 2^31 the number says "countless" anyway.
      truncatedAlerts: Math.min(truncated, MAX_INT4),
      alerts: body.alerts.map((raw, i) => parseAlert(raw, `alerts[${i}]`, severityLabel, extras)),
    };
  });
}

export function parseAlertmanager(body: unknown, severityLabel: string): ParsedBody {
  return parseAlertmanagerShaped(body, severityLabel, '4');
}
