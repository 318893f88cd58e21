/**
 * The three body formats against the senders' documented bodies (test/fixtures/alerts), and each
 * kind of garbage refused with a reason that names the field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAlertmanager } from '../../../src/alerts/formats/alertmanager';
import { parseGeneric } from '../../../src/alerts/formats/generic';
import { parseGrafana } from '../../../src/alerts/formats/grafana';
import { parseAlertBody } from '../../../src/alerts/formats/index';
import type { IncomingBatch, ParsedBody } from '../../../src/alerts/formats/types';

type Json = Record<string, unknown>;
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/alerts', name), 'utf8')) as Json;

function batchOf(parsed: ParsedBody): IncomingBatch {
  if (!parsed.ok) throw new Error(`expected ok, got: ${parsed.reason}`);
  return parsed.batch;
}

/** The Alertmanager fixture with its first alert changed: the base for most refusal cases. */
function amWith(change: (alert: Json, body: Json) => void): Json {
  const body = fixture('alertmanager-firing.json');
  change((body.alerts as Json[])[0], body);
  return body;
}

const GENERATOR = 'http://prometheus.example.org:9090/graph?g0.expr=job%3Aerror_ratio%3Arate5m+%3E+0.05&g0.tab=1';
const RUNBOOK = 'https://runbooks.example.org/api/high-error-rate';

describe('parseAlertmanager on the documented body', () => {
  it('normalizes a firing group', () => {
    const batch = batchOf(parseAlertmanager(fixture('alertmanager-firing.json'), 'severity'));
    expect(batch.groupKey).toBe('{}:{alertname="HighErrorRate"}');
    expect(batch.groupLabels).toEqual({ alertname: 'HighErrorRate' });
    expect(batch.commonLabels).toEqual({ alertname: 'HighErrorRate', job: 'api', severity: 'critical' });
    expect(batch.externalUrl).toBe('http://alertmanager.example.org:9093');
    expect(batch.truncatedAlerts).toBe(0);
    expect(batch.alerts).toEqual([
      {
        fingerprint: '5d9a0c4f3b2e1a70',
        status: 'firing',
        labels: { alertname: 'HighErrorRate', instance: 'api-1:8080', job: 'api', severity: 'critical' },
        annotations: {
          description: '5xx responses are above 5% for 10 minutes.',
          runbook_url: RUNBOOK,
          summary: 'High 5xx rate on api-1:8080',
        },
        title: 'High 5xx rate on api-1:8080',
        severity: 'critical',
        startsAt: new Date('2024-05-14T09:31:15.123Z'),
        endsAt: null,
        links: { source: GENERATOR, runbook: RUNBOOK },
        value: null,
      },
      {
        fingerprint: 'c3a1f0e9d8b7a654',
        status: 'firing',
        labels: { alertname: 'HighErrorRate', instance: 'api-2:8080', job: 'api', severity: 'critical' },
        annotations: { runbook_url: RUNBOOK },
        title: 'HighErrorRate',
        severity: 'critical',
        startsAt: new Date('2024-05-14T07:32:45.500Z'),
        endsAt: null,
        links: { source: GENERATOR, runbook: RUNBOOK },
        value: null,
      },
    ]);
  });

  it('normalizes the same group resolved, with real end times', () => {
    const batch = batchOf(parseAlertmanager(fixture('alertmanager-resolved.json'), 'severity'));
    expect(batch.alerts.map((a) => [a.fingerprint, a.status, a.endsAt])).toEqual([
      ['5d9a0c4f3b2e1a70', 'resolved', new Date('2024-05-14T09:46:15.123Z')],
      ['c3a1f0e9d8b7a654', 'resolved', new Date('2024-05-14T07:47:45.500Z')],
    ]);
  });

  it('reads severity from the configured label, null when absent or blank', () => {
    expect(batchOf(parseAlertmanager(fixture('alertmanager-firing.json'), 'job')).alerts[0].severity).toBe('api');
    expect(batchOf(parseAlertmanager(fixture('alertmanager-firing.json'), 'priority')).alerts[0].severity).toBeNull();
    expect(
      batchOf(parseAlertmanager(fixture('alertmanager-firing.json'), 'constructor')).alerts[0].severity,
    ).toBeNull();
    const blank = amWith((alert) => {
      (alert.labels as Json).severity = '';
    });
    expect(batchOf(parseAlertmanager(blank, 'severity')).alerts[0].severity).toBeNull();
  });

  it('tolerates unknown fields anywhere and null maps', () => {
    const body = amWith((alert, top) => {
      top.notification_reason = 'new_alerts';
      top.routeLabels = { team: 'api' };
      top.commonAnnotations = null;
      alert.someFutureField = { nested: [1, 2] };
      alert.annotations = null;
    });
    const alert = batchOf(parseAlertmanager(body, 'severity')).alerts[0];
    expect(alert.annotations).toEqual({});
    expect(alert.title).toBe('HighErrorRate');
    expect(alert.links).toEqual({ source: GENERATOR });
  });

  it('reports endsAt as null for a firing alert even when the sender put a time there', () => {
    const body = amWith((alert) => {
      alert.endsAt = '2024-05-14T09:35:15Z';
    });
    expect(batchOf(parseAlertmanager(body, 'severity')).alerts[0].endsAt).toBeNull();
  });

  it('takes the runbook from a `runbook` annotation, and drops links that are empty or not http(s)', () => {
    const body = amWith((alert) => {
      alert.annotations = { runbook: 'https://wiki.example.org/rb' };
      alert.generatorURL = '';
    });
    expect(batchOf(parseAlertmanager(body, 'severity')).alerts[0].links).toEqual({
      runbook: 'https://wiki.example.org/rb',
    });
    const script = amWith((alert) => {
      alert.generatorURL = 'javascript:alert(1)';
    });
    expect(batchOf(parseAlertmanager(script, 'severity')).alerts[0].links).toEqual({ runbook: RUNBOOK });
  });

  it('keeps a `__proto__` label as a plain label', () => {
    const body = JSON.parse(
      JSON.stringify(fixture('alertmanager-firing.json')).replace(
        '"instance":"api-1:8080","job":"api"',
        '"instance":"api-1:8080","__proto__":"x"',
      ),
    ) as Json;
    const labels = batchOf(parseAlertmanager(body, 'severity')).alerts[0].labels;
    expect(Object.keys(labels)).toContain('__proto__');
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
  });
});

describe('parseAlertmanager refuses what is not its format', () => {
  const reason = (body: unknown) => {
    const parsed = parseAlertmanager(body, 'severity');
    return parsed.ok ? 'ok' : parsed.reason;
  };

  it.each([null, [], 'alerts', 42])('a body that is not an object (%j)', (body) => {
    expect(reason(body)).toBe('body: expected a JSON object');
  });

  it('another version (Grafana says "1")', () => {
    expect(reason(fixture('grafana-firing.json'))).toBe('version: expected "4"');
    expect(
      reason(
        amWith((_a, top) => {
          top.version = 4;
        }),
      ),
    ).toBe('version: expected "4"');
  });

  it('a missing or empty alerts array', () => {
    expect(
      reason(
        amWith((_a, top) => {
          delete top.alerts;
        }),
      ),
    ).toBe('alerts: expected a non-empty array');
    expect(
      reason(
        amWith((_a, top) => {
          top.alerts = [];
        }),
      ),
    ).toBe('alerts: expected a non-empty array');
    expect(
      reason(
        amWith((_a, top) => {
          top.alerts = { 0: {} };
        }),
      ),
    ).toBe('alerts: expected a non-empty array');
  });

  it('an alert that is not an object', () => {
    expect(
      reason(
        amWith((_a, top) => {
          (top.alerts as unknown[]).push('x');
        }),
      ),
    ).toBe('alerts[2]: expected an object');
  });

  it.each([undefined, '', '  ', 42])('an alert without a fingerprint (%j)', (fingerprint) => {
    const body = fixture('alertmanager-firing.json');
    (body.alerts as Json[])[1].fingerprint = fingerprint;
    expect(reason(body)).toBe('alerts[1].fingerprint: expected a non-empty string');
  });

  it('a fingerprint over 200 characters (refused, not cut: a cut key would merge alerts)', () => {
    expect(
      reason(
        amWith((alert) => {
          alert.fingerprint = 'f'.repeat(200);
        }),
      ),
    ).toBe('ok');
    expect(
      reason(
        amWith((alert) => {
          alert.fingerprint = 'f'.repeat(201);
        }),
      ),
    ).toBe('alerts[0].fingerprint: longer than 200 characters');
  });

  it('a bad status, on an alert or on the group', () => {
    expect(
      reason(
        amWith((alert) => {
          alert.status = 'pending';
        }),
      ),
    ).toBe('alerts[0].status: expected "firing" or "resolved"');
    expect(
      reason(
        amWith((alert) => {
          delete alert.status;
        }),
      ),
    ).toBe('alerts[0].status: expected "firing" or "resolved"');
    expect(
      reason(
        amWith((_a, top) => {
          top.status = 'FIRING';
        }),
      ),
    ).toBe('status: expected "firing" or "resolved"');
  });

  it('labels that are not a map of strings', () => {
    expect(
      reason(
        amWith((alert) => {
          (alert.labels as Json).instance = 8080;
        }),
      ),
    ).toBe('alerts[0].labels.instance: expected a string');
    expect(
      reason(
        amWith((alert) => {
          alert.labels = ['alertname'];
        }),
      ),
    ).toBe('alerts[0].labels: expected an object');
    expect(
      reason(
        amWith((alert) => {
          alert.annotations = { summary: { text: 'x' } };
        }),
      ),
    ).toBe('alerts[0].annotations.summary: expected a string');
    expect(
      reason(
        amWith((_a, top) => {
          top.groupLabels = { alertname: null };
        }),
      ),
    ).toBe('groupLabels.alertname: expected a string');
  });

  it.each([
    ['startsAt', 'yesterday'],
    ['startsAt', 1715679075],
    ['endsAt', '2021-13-01T00:00:00Z'],
    ['endsAt', '2024-05-14'],
  ])('an unparseable %s (%j)', (field, value) => {
    expect(
      reason(
        amWith((alert) => {
          alert[field] = value;
        }),
      ),
    ).toBe(`alerts[0].${field}: expected an RFC 3339 timestamp`);
  });

  it('other mistyped top-level fields', () => {
    expect(
      reason(
        amWith((_a, top) => {
          top.truncatedAlerts = -1;
        }),
      ),
    ).toBe('truncatedAlerts: expected a non-negative integer');
    expect(
      reason(
        amWith((_a, top) => {
          top.truncatedAlerts = '3';
        }),
      ),
    ).toBe('truncatedAlerts: expected a non-negative integer');
    expect(
      reason(
        amWith((_a, top) => {
          top.receiver = 7;
        }),
      ),
    ).toBe('receiver: expected a string');
    expect(
      reason(
        amWith((_a, top) => {
          top.groupKey = {};
        }),
      ),
    ).toBe('groupKey: expected a string');
  });
});

describe('parseAlertmanager bounds', () => {
  const alertsOf = (count: number) =>
    amWith((alert, top) => {
      top.alerts = Array.from({ length: count }, (_, i) => ({ ...alert, fingerprint: `fp-${i}` }));
    });

  it('takes 50,000 alerts (what a 4 MiB body can hold, and more) and refuses 50,001', () => {
    expect(batchOf(parseAlertmanager(alertsOf(50_000), 'severity')).alerts).toHaveLength(50_000);
    expect(parseAlertmanager(alertsOf(50_001), 'severity')).toEqual({
      ok: false,
      reason: 'alerts: more than 50000 alerts in one body (50001)',
    });
  });

  it('takes 100 labels and refuses 101', () => {
    const labels = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`l${i}`, 'v']));
    expect(
      parseAlertmanager(
        amWith((alert) => {
          alert.labels = labels(100);
        }),
        'severity',
      ).ok,
    ).toBe(true);
    expect(
      parseAlertmanager(
        amWith((alert) => {
          alert.annotations = labels(101);
        }),
        'severity',
      ),
    ).toEqual({
      ok: false,
      reason: 'alerts[0].annotations: more than 100 entries (101)',
    });
  });

  it('refuses a label key over 200 characters, quoting only its start', () => {
    const key = 'k'.repeat(201);
    expect(
      parseAlertmanager(
        amWith((alert) => {
          (alert.labels as Json)[key] = 'v';
        }),
        'severity',
      ),
    ).toEqual({
      ok: false,
      reason: `alerts[0].labels: key "${'k'.repeat(40)}…" is longer than 200 characters`,
    });
  });

  it('cuts long values to 2000 characters instead of refusing', () => {
    const body = amWith((alert) => {
      alert.annotations = { summary: 's'.repeat(5000), description: 'd'.repeat(2000) };
    });
    const alert = batchOf(parseAlertmanager(body, 'severity')).alerts[0];
    expect(alert.annotations.summary).toBe(`${'s'.repeat(1999)}…`);
    expect(alert.annotations.description).toBe('d'.repeat(2000));
    expect(alert.title).toBe(`${'s'.repeat(1999)}…`);
  });

  it('does not split a surrogate pair when cutting', () => {
    const body = amWith((alert) => {
      alert.annotations = { summary: `${'a'.repeat(1998)}😀${'b'.repeat(10)}` };
    });
    expect(batchOf(parseAlertmanager(body, 'severity')).alerts[0].annotations.summary).toBe(`${'a'.repeat(1998)}…`);
  });
});

describe('parseGrafana on the documented body', () => {
  const SILENCE_US1 =
    'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1';

  it('normalizes a firing group, with the silence link and value', () => {
    const batch = batchOf(parseGrafana(fixture('grafana-firing.json'), 'team'));
    expect(batch.groupKey).toBe('{}:{}');
    expect(batch.groupLabels).toEqual({});
    expect(batch.commonLabels).toEqual({ team: 'blue' });
    expect(batch.externalUrl).toBe('https://play.grafana.org/');
    expect(batch.alerts[0]).toEqual({
      fingerprint: 'c6eadffa33fcdf37',
      status: 'firing',
      labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
      annotations: {
        description: 'The system has high memory usage',
        runbook_url: 'https://myrunbook.com/runbook/1234',
        summary: 'This alert was triggered for zone us-1',
      },
      title: 'This alert was triggered for zone us-1',
      severity: 'blue',
      startsAt: new Date('2021-10-12T07:51:03.157Z'),
      endsAt: null,
      // dashboardURL and panelURL are "" in the body: absent, not empty links.
      links: {
        source: 'https://play.grafana.org/alerting/1afz29v7z/edit',
        runbook: 'https://myrunbook.com/runbook/1234',
        silence: SILENCE_US1,
      },
      value: "[ metric='' labels={} value=14151.331895396988 ]",
    });
    expect(batch.alerts[1].fingerprint).toBe('bc97ff14869b13e3');
    expect(batch.alerts[1].value).toBe("[ metric='' labels={} value=47043.702386305304 ]");
  });

  it('normalizes the same group resolved', () => {
    const batch = batchOf(parseGrafana(fixture('grafana-resolved.json'), 'severity'));
    expect(batch.alerts.map((a) => [a.fingerprint, a.status, a.endsAt, a.severity])).toEqual([
      ['c6eadffa33fcdf37', 'resolved', new Date('2021-10-12T08:06:03.157Z'), null],
      ['bc97ff14869b13e3', 'resolved', new Date('2021-10-12T08:11:03.157Z'), null],
    ]);
  });

  it('maps dashboard, panel and image URLs when Grafana has them', () => {
    const body = fixture('grafana-firing.json');
    Object.assign((body.alerts as Json[])[0], {
      dashboardURL: 'https://g.example.org/d/abc',
      panelURL: 'https://g.example.org/d/abc?viewPanel=2',
      imageURL: 'https://g.example.org/public/img/1.png',
      valueString: '',
      values: null,
      ruleUID: 'r1',
      enrichments: { anything: true },
    });
    const alert = batchOf(parseGrafana(body, 'severity')).alerts[0];
    expect(alert.links).toEqual({
      source: 'https://play.grafana.org/alerting/1afz29v7z/edit',
      runbook: 'https://myrunbook.com/runbook/1234',
      silence: SILENCE_US1,
      dashboard: 'https://g.example.org/d/abc',
      panel: 'https://g.example.org/d/abc?viewPanel=2',
      image: 'https://g.example.org/public/img/1.png',
    });
    expect(alert.value).toBeNull();
  });

  it('refuses an Alertmanager body by its version, and mistyped Grafana fields by name', () => {
    expect(parseGrafana(fixture('alertmanager-firing.json'), 'severity')).toEqual({
      ok: false,
      reason: 'version: expected "1"',
    });
    const body = fixture('grafana-firing.json');
    (body.alerts as Json[])[1].silenceURL = 12;
    expect(parseGrafana(body, 'severity')).toEqual({ ok: false, reason: 'alerts[1].silenceURL: expected a string' });
  });

  it('shares the Alertmanager checks (same reasons)', () => {
    const body = fixture('grafana-firing.json');
    delete (body.alerts as Json[])[0].fingerprint;
    expect(parseGrafana(body, 'severity')).toEqual({
      ok: false,
      reason: 'alerts[0].fingerprint: expected a non-empty string',
    });
  });
});

describe('parseGeneric', () => {
  it('normalizes a full body', () => {
    const parsed = parseGeneric(
      {
        key: 'db-backup/nightly',
        status: 'resolved',
        severity: 'warning',
        summary: 'Nightly backup failed',
        details: { host: 'db-1', attempts: 3, tags: ['a', 'b'], ok: false, note: null },
        source_url: 'https://ci.example.org/job/42',
        unknown_field: 'ignored',
      },
      'severity',
    );
    expect(parsed).toEqual({
      ok: true,
      batch: {
        groupKey: null,
        groupLabels: {},
        commonLabels: {},
        externalUrl: null,
        truncatedAlerts: 0,
        alerts: [
          {
            fingerprint: 'db-backup/nightly',
            status: 'resolved',
            labels: { severity: 'warning' },
            annotations: {
              host: 'db-1',
              attempts: '3',
              tags: '["a","b"]',
              ok: 'false',
              note: 'null',
              summary: 'Nightly backup failed',
            },
            title: 'Nightly backup failed',
            severity: 'warning',
            startsAt: null,
            endsAt: null,
            links: { source: 'https://ci.example.org/job/42' },
            value: null,
          },
        ],
      },
    });
  });

  it.each([{}, { status: null }])('defaults to firing, the key as title, no severity (%j)', (extra) => {
    const alert = batchOf(parseGeneric({ key: 'disk-full', ...extra }, 'severity')).alerts[0];
    expect(alert).toEqual({
      fingerprint: 'disk-full',
      status: 'firing',
      labels: {},
      annotations: {},
      title: 'disk-full',
      severity: null,
      startsAt: null,
      endsAt: null,
      links: {},
      value: null,
    });
  });

  it('puts severity under the configured label, and the summary field over details.summary', () => {
    const alert = batchOf(
      parseGeneric({ key: 'k', severity: 'sev1', summary: 'top', details: { summary: 'inner' } }, 'priority'),
    ).alerts[0];
    expect(alert.labels).toEqual({ priority: 'sev1' });
    expect(alert.annotations).toEqual({ summary: 'top' });
  });

  it('cuts long details, stringified or not', () => {
    const alert = batchOf(
      parseGeneric({ key: 'k', details: { text: 'x'.repeat(3000), list: Array(1000).fill('abc') } }, 'severity'),
    ).alerts[0];
    expect(alert.annotations.text).toBe(`${'x'.repeat(1999)}…`);
    expect(alert.annotations.list).toHaveLength(2000);
    expect(alert.annotations.list.startsWith('["abc","abc"')).toBe(true);
  });

  it.each([
    ['an array', [{ key: 'k' }], 'body: expected one JSON object, not an array (send one alert per request)'],
    ['not an object', 'k', 'body: expected a JSON object'],
    ['no key', { summary: 's' }, 'key: expected a non-empty string'],
    ['an empty key', { key: '' }, 'key: expected a non-empty string'],
    ['a long key', { key: 'k'.repeat(201) }, 'key: longer than 200 characters'],
    ['a bad status', { key: 'k', status: 'open' }, 'status: expected "firing" or "resolved"'],
    ['a mistyped severity', { key: 'k', severity: 1 }, 'severity: expected a string'],
    ['a mistyped summary', { key: 'k', summary: ['s'] }, 'summary: expected a string'],
    ['details not an object', { key: 'k', details: 'text' }, 'details: expected an object'],
    [
      'too many details',
      { key: 'k', details: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`d${i}`, i])) },
      'details: more than 100 entries (101)',
    ],
    ['a mistyped source_url', { key: 'k', source_url: {} }, 'source_url: expected a string'],
  ])('refuses %s', (_what, body, reason) => {
    expect(parseGeneric(body, 'severity')).toEqual({ ok: false, reason });
  });
});

describe('parseAlertBody', () => {
  it('dispatches on the configured format', () => {
    expect(
      batchOf(parseAlertBody('grafana', fixture('grafana-firing.json'), 'severity')).alerts[0].links.silence,
    ).toMatch(/^https:\/\/play\.grafana\.org\/alerting\/silence/);
    expect(
      batchOf(parseAlertBody('alertmanager', fixture('alertmanager-firing.json'), 'severity')).alerts,
    ).toHaveLength(2);
    expect(batchOf(parseAlertBody('generic', { key: 'k' }, 'severity')).alerts[0].fingerprint).toBe('k');
    expect(parseAlertBody('alertmanager', fixture('grafana-firing.json'), 'severity')).toEqual({
      ok: false,
      reason: 'version: expected "4"',
    });
    expect(parseAlertBody('generic', fixture('alertmanager-firing.json'), 'severity')).toEqual({
      ok: false,
      reason: 'key: expected a non-empty string',
    });
  });
});

describe('what Postgres cannot store', () => {
  it('takes NUL and lone surrogates out of every string, keys included, at any depth; a pair stays', () => {
    const body = amWith((alert, b) => {
      alert.labels = { 'alert\u0000name': 'High\u0000ErrorRate', severity: 'crit\u0000ical', emoji: '😀\ud800' };
      alert.annotations = { summary: '\udc00Errors \u0000high' };
      alert.fingerprint = 'fp\u0000';
      b.groupKey = 'g\u0000';
      b.status = 'fir\u0000ing';
    });
    const batch = batchOf(parseAlertmanager(body, 'severity'));
    expect(batch.groupKey).toBe('g');
    expect(batch.alerts[0]).toMatchObject({
      fingerprint: 'fp',
      labels: { alertname: 'HighErrorRate', severity: 'critical', emoji: '😀' },
      annotations: { summary: 'Errors high' },
      title: 'Errors high',
      severity: 'critical',
    });
    const grafana = fixture('grafana-firing.json');
    (grafana.alerts as Json[])[0].valueString = 'v\u0000=1';
    expect(batchOf(parseGrafana(grafana, 'severity')).alerts[0].value).toBe('v=1');
    const generic = batchOf(
      parseGeneric({ key: 'k\u0000', details: { deep: { 'a\u0000': ['b\u0000', { c: '\ud800d' }] } } }, 'severity'),
    );
    expect(generic.alerts[0]).toMatchObject({ fingerprint: 'k', annotations: { deep: '{"a":["b",{"c":"d"}]}' } });
  });

  it('says so when a field is refused once they are taken out', () => {
    expect(parseGeneric({ key: '\u0000' }, 'severity')).toEqual({
      ok: false,
      reason:
        'key: expected a non-empty string (read after removing 1 character Postgres cannot store: NUL, or half of a UTF-16 surrogate pair)',
    });
    expect(parseGeneric({ key: '' }, 'severity')).toEqual({ ok: false, reason: 'key: expected a non-empty string' });
  });

  it("keeps truncatedAlerts within a Postgres int (Alertmanager's is a uint64)", () => {
    const body = amWith((_alert, b) => (b.truncatedAlerts = 2 ** 40));
    expect(batchOf(parseAlertmanager(body, 'severity')).truncatedAlerts).toBe(2_147_483_647);
  });
});
