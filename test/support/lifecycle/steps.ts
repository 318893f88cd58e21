/**
 * The steps of a generated history and the seeded generator that picks them (weighted). A step is
 * plain data, printed one per line when a history breaks an invariant, so the failure can be read
 * and replayed. Steps name things by index ("group 2", "the 1st live page DM"): the runner resolves
 * an index against what exists when the step runs (modulo how many), and a step with nothing to act
 * on does nothing, so a history stays valid when a shrink removes the steps before it.
 */
import { prng } from '../prng';

export type Severity = 'critical' | 'warning' | 'info';
export type Integration = 'prometheus' | 'grouped' | 'generic' | 'auto';

/** One alert the monitoring side can send: its integration, alertname and fingerprint (generic: key). */
export interface AlertId {
  integration: Integration;
  alertname: string;
  fingerprint: string;
  /** Alertmanager's groupKey for the body (prometheus groups by it; the others by their group_by). */
  groupKey: string;
}

/** The alerts histories draw from. Fingerprints are unique across the table. */
export const ALERTS: AlertId[] = [
  {
    integration: 'prometheus',
    alertname: 'HighErrorRate',
    fingerprint: 'api-1',
    groupKey: '{}:{alertname="HighErrorRate"}',
  },
  {
    integration: 'prometheus',
    alertname: 'HighErrorRate',
    fingerprint: 'api-2',
    groupKey: '{}:{alertname="HighErrorRate"}',
  },
  { integration: 'prometheus', alertname: 'DiskFull', fingerprint: 'db-1', groupKey: '{}:{alertname="DiskFull"}' },
  { integration: 'grouped', alertname: 'Latency', fingerprint: 'lat-1', groupKey: 'grouped' },
  { integration: 'grouped', alertname: 'Latency', fingerprint: 'lat-2', groupKey: 'grouped' },
  { integration: 'grouped', alertname: 'Latency', fingerprint: 'lat-3', groupKey: 'grouped' },
  { integration: 'grouped', alertname: 'Saturation', fingerprint: 'sat-1', groupKey: 'grouped' },
  { integration: 'generic', alertname: 'backup', fingerprint: 'cron-backup', groupKey: '' },
  { integration: 'generic', alertname: 'queue', fingerprint: 'queue-depth', groupKey: '' },
  { integration: 'auto', alertname: 'PaymentsDown', fingerprint: 'pay-1', groupKey: 'auto' },
  { integration: 'auto', alertname: 'PaymentsDown', fingerprint: 'pay-2', groupKey: 'auto' },
];

export const PEOPLE_WHO_PRESS = ['U0ALICE', 'U0BOB', 'U0CCC', 'U0AAA', 'U0MANAGER'] as const;

export type GroupButton = 'alert_acknowledge' | 'alert_escalate' | 'alert_resolve' | 'alert_declare';
export type SlackFault =
  | { kind: '429'; retryAfterS: number }
  | { kind: '5xx'; status: 500 | 502 | 503 }
  | { kind: 'timeout' }
  | { kind: 'refused'; error: string };

export type Step =
  /** An alert is sent firing (new, again, or with another severity); `via` both: an HA pair sends it twice at once. */
  | { kind: 'fire'; alert: number; severity: Severity; via: 'main' | 'replica' | 'both'; nul: boolean }
  | { kind: 'resolve'; alert: number; via: 'main' | 'replica' }
  /** A button on the group message of group #(index mod groups)+1; `double`: pressed twice at once, on both replicas. */
  | { kind: 'press'; button: GroupButton; group: number; user: number; double: boolean }
  /** Acknowledge or Escalate on the (index mod n)th page DM that still has buttons, by the person it was sent to. */
  | { kind: 'dm'; button: 'page_acknowledge' | 'page_escalate'; index: number }
  /** `/incident close N` for incident #(index mod incidents)+1, by its commander or by someone without a role. */
  | { kind: 'close'; incident: number; byCommander: boolean }
  /** app_home_opened; `thenAck`: with Slack holding views.publish answers, someone presses an Acknowledge meanwhile. */
  | { kind: 'home'; user: number; thenAck: boolean }
  /** Both replicas run their outbox at once. */
  | { kind: 'replicas' }
  /** Slack fails the next `times` calls of a method. */
  | { kind: 'fault'; method: string; fault: SlackFault; times: number }
  /** Time passes with the runner up: it fires every job on time. */
  | { kind: 'wait'; ms: number }
  /** Time passes with every replica down: the clock jumps, then the runners catch up. */
  | { kind: 'outage'; ms: number }
  /** Time passes, then a process claims the jobs due and dies before finishing them (leases run out later). */
  | { kind: 'kill'; ms: number; timers: number; sends: number };

type Rand = () => number;

function pick<T>(rand: Rand, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function weighted<T>(rand: Rand, table: readonly (readonly [number, T])[]): T {
  const total = table.reduce((s, [w]) => s + w, 0);
  let r = rand() * total;
  for (const [w, v] of table) {
    r -= w;
    if (r < 0) return v;
  }
  return table[table.length - 1][1];
}

const int = (rand: Rand, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
/** Log-uniform between lo and hi ms, rounded to the second: waits of seconds are as likely as waits of minutes. */
const logMs = (rand: Rand, lo: number, hi: number) =>
  Math.max(1_000, Math.round(Math.exp(Math.log(lo) + rand() * (Math.log(hi) - Math.log(lo))) / 1_000) * 1_000);

const SEVERITIES = [
  [4, 'critical'],
  [4, 'warning'],
  [2, 'info'],
] as const;

/** What the generator remembers of the alerts it sent, to re-fire, change severity and resolve sensibly. */
interface Sent {
  firing: boolean;
  severity: Severity;
}

function fault(rand: Rand): { method: string; fault: SlackFault } {
  const method = weighted(rand, [
    [4, 'chat.postMessage'],
    [2, 'chat.update'],
    [3, 'conversations.open'],
    [1, 'views.publish'],
    [1, 'conversations.history'],
    [1, 'conversations.create'],
  ] as const);
  const kind = weighted(rand, [
    [4, '429'],
    [3, '5xx'],
    [2, 'timeout'],
    [method === 'conversations.open' ? 1 : 0, 'refused'],
  ] as const);
  switch (kind) {
    case '429':
      return {
        method,
        fault: {
          kind,
          retryAfterS: weighted(rand, [
            [3, int(rand, 1, 10)],
            [1, int(rand, 30, 150)],
          ]),
        },
      };
    case '5xx':
      return { method, fault: { kind, status: pick(rand, [500, 502, 503] as const) } };
    case 'timeout':
      return { method, fault: { kind } };
    case 'refused':
      return { method, fault: { kind, error: 'user_not_found' } };
  }
}

/** One history of 5–25 steps from a seed. */
export function generateHistory(seed: number): Step[] {
  const rand = prng(seed);
  const length = int(rand, 5, 25);
  const sent = new Map<number, Sent>();
  const steps: Step[] = [];
  for (let i = 0; i < length; i++) {
    const firing = [...sent].filter(([, s]) => s.firing).map(([a]) => a);
    const kind = weighted(rand, [
      [30, 'fire'],
      [firing.length ? 14 : 2, 'resolve'],
      [sent.size ? 20 : 0, 'press'],
      [sent.size ? 7 : 0, 'dm'],
      [sent.size ? 8 : 0, 'close'],
      [4, 'home'],
      [4, 'replicas'],
      [8, 'fault'],
      [20, 'wait'],
      [2, 'outage'],
      [3, 'kill'],
    ] as const);
    switch (kind) {
      case 'fire': {
        // Often an alert already known: one resolved firing again (a reopen), or one firing (a repeat, a
        // severity change); else any.
        const resolved = [...sent].filter(([, s]) => !s.firing).map(([a]) => a);
        const r = rand();
        const alert =
          resolved.length && r < 0.3
            ? pick(rand, resolved)
            : firing.length && r < 0.6
              ? pick(rand, firing)
              : int(rand, 0, ALERTS.length - 1);
        const before = sent.get(alert);
        const severity = before?.firing && rand() < 0.6 ? before.severity : weighted(rand, SEVERITIES);
        sent.set(alert, { firing: true, severity });
        const via = weighted(rand, [
          [8, 'main'],
          [1, 'replica'],
          [1, 'both'],
        ] as const);
        steps.push({ kind, alert, severity, via, nul: rand() < 0.03 });
        break;
      }
      case 'resolve': {
        const alert = firing.length ? pick(rand, firing) : int(rand, 0, ALERTS.length - 1);
        const before = sent.get(alert);
        if (before) before.firing = false;
        steps.push({ kind, alert, via: rand() < 0.85 ? 'main' : 'replica' });
        break;
      }
      case 'press':
        steps.push({
          kind,
          button: weighted(rand, [
            [7, 'alert_acknowledge'],
            [4, 'alert_escalate'],
            [4, 'alert_resolve'],
            [5, 'alert_declare'],
          ] as const),
          group: int(rand, 0, 5),
          user: int(rand, 0, PEOPLE_WHO_PRESS.length - 1),
          double: rand() < 0.1,
        });
        break;
      case 'dm':
        steps.push({ kind, button: rand() < 0.75 ? 'page_acknowledge' : 'page_escalate', index: int(rand, 0, 5) });
        break;
      case 'close':
        steps.push({ kind, incident: int(rand, 0, 3), byCommander: rand() < 0.85 });
        break;
      case 'home':
        steps.push({ kind, user: int(rand, 0, PEOPLE_WHO_PRESS.length - 1), thenAck: rand() < 0.15 });
        break;
      case 'replicas':
        steps.push({ kind });
        break;
      case 'fault':
        steps.push({ kind, ...fault(rand), times: rand() < 0.8 ? 1 : 2 });
        break;
      case 'wait':
        steps.push({ kind, ms: logMs(rand, 1_000, 60 * 60_000) });
        break;
      case 'outage':
        steps.push({ kind, ms: logMs(rand, 60_000, 30 * 60_000) });
        break;
      case 'kill':
        steps.push({ kind, ms: logMs(rand, 1_000, 10 * 60_000), timers: int(rand, 0, 2), sends: int(rand, 1, 4) });
        break;
    }
  }
  return steps;
}

/** The seed of history `index` of a run seeded `seed` (history 0's is `seed` itself, so one can be rerun alone). */
export function historySeed(seed: number, index: number): number {
  return (seed + Math.imul(index, 0x9e3779b9)) >>> 0;
}

const ord = (n: number) => `${n + 1}${['st', 'nd', 'rd'][n] ?? 'th'}`;
const duration = (ms: number) =>
  ms >= 60_000
    ? `${Math.floor(ms / 60_000)}m${ms % 60_000 ? `${Math.round((ms % 60_000) / 1000)}s` : ''}`
    : `${ms / 1000}s`;

/** One line a person can read: what happened in this step. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'fire': {
      const a = ALERTS[step.alert];
      const via =
        step.via === 'main'
          ? ''
          : step.via === 'both'
            ? ' (sent twice at once, to both replicas)'
            : ' (to the replica)';
      return `fire ${a.integration}/${a.alertname}/${a.fingerprint} severity=${step.severity}${step.nul ? ' with a NUL character in its summary' : ''}${via}`;
    }
    case 'resolve': {
      const a = ALERTS[step.alert];
      return `resolve ${a.integration}/${a.alertname}/${a.fingerprint}${step.via === 'replica' ? ' (to the replica)' : ''}`;
    }
    case 'press':
      return `${PEOPLE_WHO_PRESS[step.user]} presses ${step.button} on the message of alert group ${step.group} (mod groups)${step.double ? ', twice at once on both replicas' : ''}`;
    case 'dm':
      return `${step.button} on the ${ord(step.index)} page DM with buttons (mod live DMs), by its recipient`;
    case 'close':
      return `/incident close on incident ${step.incident} (mod incidents), by ${step.byCommander ? 'its commander' : 'U0BOB'}`;
    case 'home':
      return `${PEOPLE_WHO_PRESS[step.user]} opens the App Home${step.thenAck ? '; while Slack holds its views.publish, an Acknowledge is pressed' : ''}`;
    case 'replicas':
      return 'both replicas run their outbox at once';
    case 'fault': {
      const f = step.fault;
      const what =
        f.kind === '429'
          ? `429 Retry-After ${f.retryAfterS}s`
          : f.kind === '5xx'
            ? `HTTP ${f.status}`
            : f.kind === 'timeout'
              ? 'a timeout (done, answer lost)'
              : `ok:false ${f.error}`;
      return `Slack answers the next ${step.times === 1 ? 'call' : `${step.times} calls`} of ${step.method} with ${what}`;
    }
    case 'wait':
      return `wait ${duration(step.ms)}`;
    case 'outage':
      return `every replica down for ${duration(step.ms)}`;
    case 'kill':
      return `after ${duration(step.ms)}, a process claims ${step.timers} due timer(s) and ${step.sends} due send(s), then dies`;
  }
}

export function describeHistory(steps: Step[]): string {
  return steps.map((s, i) => `  ${String(i + 1).padStart(2)}. ${describeStep(s)}`).join('\n');
}
