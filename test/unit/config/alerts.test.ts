/**
 * The `alerts:` section of the policy file (src/config/alerts.ts through parsePolicy): the shape the
 * app uses, each problem named by its key path, and which route a severity takes.
 */
import { parsePolicy, PolicyError } from '../../../src/config/policy';
import type { AlertIntegration } from '../../../src/config/alerts';
import { mostSevere, routeFor, routeRank } from '../../../src/config/alertRoutes';

const MIN = 60_000;
const POLICIES = { critical: { levels: [{ notify: ['user:U0AAA'] }] } };
const BASE = { format: 'alertmanager', token_env: 'ALERTS_PROM_TOKEN', channel: 'alerts' };

function parse(alerts: Record<string, unknown>) {
  return parsePolicy({ escalation_policies: POLICIES, alerts }, 'test').alerts;
}

function problems(alerts: Record<string, unknown>): string[] {
  try {
    parse(alerts);
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
  throw new Error('expected a PolicyError');
}

describe('a valid alerts: section', () => {
  it('parses into the AlertIntegration shape', () => {
    const alerts = parse({
      prometheus: {
        format: 'alertmanager',
        token_env: 'ALERTS_PROMETHEUS_TOKEN',
        channel: '#alerts-prod',
        severity_label: 'level',
        routes: {
          Critical: { policy: 'critical', declare: 'sev1', declare_after: '30m' },
          warning: { policy: 'critical', page_after: '15m' },
          info: {},
        },
        group_by: ['alertname', 'team'],
        reopen_within: '2h',
      },
      grafana: {
        format: 'grafana',
        token_env: 'GRAFANA_TOKEN',
        hmac_secret_env: 'GRAFANA_HMAC',
        hmac_timestamp_header: 'X-Grafana-Alerting-Timestamp',
        channel: 'alerts',
      },
    });
    expect(alerts).toEqual({
      prometheus: {
        name: 'prometheus',
        format: 'alertmanager',
        tokenEnv: 'ALERTS_PROMETHEUS_TOKEN',
        hmacSecretEnv: null,
        hmacTimestampHeader: null,
        channel: 'alerts-prod',
        severityLabel: 'level',
        routes: {
          critical: {
            policy: 'critical',
            pageAfterMs: 0,
            declare: 'SEV1',
            declareAfterMs: 30 * MIN,
            urgency: 'high',
            private: false,
          },
          warning: {
            policy: 'critical',
            pageAfterMs: 15 * MIN,
            declare: null,
            declareAfterMs: 0,
            urgency: 'low',
            private: false,
          },
          info: { policy: null, pageAfterMs: 0, declare: null, declareAfterMs: 0, urgency: 'low', private: false },
        },
        groupBy: ['alertname', 'team'],
        reopenWithinMs: 2 * 60 * MIN,
      },
      grafana: {
        name: 'grafana',
        format: 'grafana',
        tokenEnv: 'GRAFANA_TOKEN',
        hmacSecretEnv: 'GRAFANA_HMAC',
        hmacTimestampHeader: 'x-grafana-alerting-timestamp',
        channel: 'alerts',
        severityLabel: 'severity',
        routes: {},
        groupBy: null,
        reopenWithinMs: 60 * MIN,
      },
    });
  });

  it('reopen_within defaults to one hour and may be 0', () => {
    expect(parse({ prom: BASE }).prom.reopenWithinMs).toBe(3_600_000);
    expect(parse({ prom: { ...BASE, reopen_within: 0 } }).prom.reopenWithinMs).toBe(0);
  });

  it('no alerts: section is no integrations', () => {
    expect(parsePolicy({}, 'test').alerts).toEqual({});
  });

  it('names of lowercase letters, digits, - and _ are accepted', () => {
    expect(Object.keys(parse({ 'prom-eu_1': BASE }))).toEqual(['prom-eu_1']);
  });
});

describe('each problem is reported with its key path', () => {
  it("a route's policy that is not under escalation_policies", () => {
    expect(problems({ prom: { ...BASE, routes: { critical: { policy: 'nosuch' } } } })).toEqual([
      'alerts.prom.routes.critical.policy: "nosuch" is not defined under escalation_policies',
    ]);
  });

  it('page_after without a policy', () => {
    expect(problems({ prom: { ...BASE, routes: { warning: { page_after: '15m' } } } })).toEqual([
      'alerts.prom.routes.warning.page_after: needs a policy to page',
    ]);
  });

  it('declare to a severity that does not exist', () => {
    expect(problems({ prom: { ...BASE, routes: { critical: { policy: 'critical', declare: 'SEV9' } } } })).toEqual([
      'alerts.prom.routes.critical.declare: "SEV9" is not a severity',
    ]);
  });

  it('declare without a policy (nobody to be the commander)', () => {
    expect(problems({ prom: { ...BASE, routes: { critical: { declare: 'SEV1' } } } })).toEqual([
      "alerts.prom.routes.critical.declare: needs a policy, whose page names the incident's commander",
    ]);
  });

  it('declare_after without declare', () => {
    expect(problems({ prom: { ...BASE, routes: { critical: { policy: 'critical', declare_after: '10m' } } } })).toEqual(
      ['alerts.prom.routes.critical.declare_after: needs declare: <severity>'],
    );
  });

  it('hmac_secret_env on a format other than grafana', () => {
    expect(problems({ prom: { ...BASE, hmac_secret_env: 'PROM_HMAC' } })).toEqual([
      'alerts.prom.hmac_secret_env: only Grafana signs its webhooks',
    ]);
    expect(problems({ hook: { ...BASE, format: 'generic', hmac_secret_env: 'HOOK_HMAC' } })).toEqual([
      'alerts.hook.hmac_secret_env: only Grafana signs its webhooks',
    ]);
  });

  it('hmac_timestamp_header without hmac_secret_env', () => {
    expect(
      problems({ graf: { ...BASE, format: 'grafana', hmac_timestamp_header: 'X-Grafana-Alerting-Timestamp' } }),
    ).toEqual(['alerts.graf.hmac_timestamp_header: needs hmac_secret_env']);
  });

  it('an hmac_timestamp_header that is no header name', () => {
    expect(
      problems({ graf: { ...BASE, format: 'grafana', hmac_secret_env: 'H', hmac_timestamp_header: 'X Timestamp' } }),
    ).toEqual(['alerts.graf.hmac_timestamp_header: expected an HTTP header name like X-Grafana-Alerting-Timestamp']);
  });

  it('a format that is not one of the three', () => {
    expect(problems({ prom: { ...BASE, format: 'zabbix' } })).toEqual([
      'alerts.prom.format: expected alertmanager, grafana or generic',
    ]);
  });

  it('a token_env that is not an environment variable name', () => {
    expect(problems({ prom: { ...BASE, token_env: 'prom-token' } })).toEqual([
      'alerts.prom.token_env: expected an environment variable name like ALERTS_PROMETHEUS_TOKEN',
    ]);
  });

  it('a page_after that is not a duration', () => {
    expect(problems({ prom: { ...BASE, routes: { warning: { policy: 'critical', page_after: 'soon' } } } })).toEqual([
      'alerts.prom.routes.warning.page_after: expected a duration like 30s, 5m, 1h or 1w, got "soon"',
    ]);
  });

  it('several problems at once are all reported, each at its own path', () => {
    expect(
      problems({
        prom: { ...BASE, routes: { critical: { policy: 'nosuch' }, info: { page_after: '5m', declare_after: '1m' } } },
        graf: { ...BASE, format: 'grafana', hmac_timestamp_header: 'X-Ts' },
      }),
    ).toEqual([
      'alerts.prom.routes.critical.policy: "nosuch" is not defined under escalation_policies',
      'alerts.prom.routes.info.page_after: needs a policy to page',
      'alerts.prom.routes.info.declare_after: needs declare: <severity>',
      'alerts.graf.hmac_timestamp_header: needs hmac_secret_env',
    ]);
  });

  it.each([['Prometheus'], ['my prom'], ['a'.repeat(41)]])('an integration name %j is refused at its path', (name) => {
    const found = problems({ [name]: BASE });
    expect(found).toHaveLength(1);
    expect(found[0].startsWith(`alerts.${name}: `)).toBe(true);
  });

  // The name is the URL path (POST /alerts/<name>). The operator must be told what a name may be,
  // as severities: are (src/config/policy.ts words the record-key error itself; zod's own text says only
  // "Invalid key in record").
  it.each([['Prometheus'], ['my prom']])('an integration name %j: says what a name may be', (name) => {
    expect(problems({ [name]: BASE })).toEqual([
      `alerts.${name}: expected a name of lowercase letters, digits, - or _ (it is the URL path)`,
    ]);
  });
});

describe('routeFor', () => {
  const integration = (routes: AlertIntegration['routes']): AlertIntegration => ({
    name: 'prom',
    format: 'alertmanager',
    tokenEnv: 'T',
    hmacSecretEnv: null,
    hmacTimestampHeader: null,
    channel: 'alerts',
    severityLabel: 'severity',
    routes,
    groupBy: null,
    reopenWithinMs: 3_600_000,
  });
  const CRITICAL = {
    policy: 'critical',
    pageAfterMs: 0,
    declare: 'SEV1',
    declareAfterMs: 0,
    urgency: 'high' as const,
    private: false,
  };
  const DEFAULT = {
    policy: 'critical',
    pageAfterMs: 15 * MIN,
    declare: null,
    declareAfterMs: 0,
    urgency: 'low' as const,
    private: false,
  };
  const POST_ONLY = {
    policy: null,
    pageAfterMs: 0,
    declare: null,
    declareAfterMs: 0,
    urgency: 'low' as const,
    private: false,
  };

  it('a severity with its own route takes it', () => {
    expect(routeFor(integration({ critical: CRITICAL, default: DEFAULT }), 'critical')).toEqual({
      name: 'critical',
      route: CRITICAL,
    });
  });

  it('the severity is matched case-insensitively', () => {
    expect(routeFor(integration({ critical: CRITICAL, default: DEFAULT }), 'CRITICAL')).toEqual({
      name: 'critical',
      route: CRITICAL,
    });
  });

  it('a route written with capitals in the file is found too (keys are lower-cased at parse)', () => {
    const parsed = parse({ prom: { ...BASE, routes: { Critical: { policy: 'critical' } } } }).prom;
    expect(routeFor(parsed, 'critical')).toEqual({
      name: 'critical',
      route: { policy: 'critical', pageAfterMs: 0, declare: null, declareAfterMs: 0, urgency: 'high', private: false },
    });
  });

  it('any other severity, or none, takes default', () => {
    expect(routeFor(integration({ critical: CRITICAL, default: DEFAULT }), 'warning')).toEqual({
      name: 'default',
      route: DEFAULT,
    });
    expect(routeFor(integration({ critical: CRITICAL, default: DEFAULT }), null)).toEqual({
      name: 'default',
      route: DEFAULT,
    });
  });

  it('no route and no default: post only, named by the severity', () => {
    expect(routeFor(integration({ critical: CRITICAL }), 'Warning')).toEqual({ name: 'warning', route: POST_ONLY });
    expect(routeFor(integration({}), null)).toEqual({ name: 'default', route: POST_ONLY });
  });

  it("a severity named after one of Object's members finds none of Object's: default, else post only", () => {
    for (const severity of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
      expect(routeFor(integration({ critical: CRITICAL, default: DEFAULT }), severity)).toEqual({
        name: 'default',
        route: DEFAULT,
      });
      expect(routeFor(integration({ critical: CRITICAL }), severity)).toEqual({
        name: severity.toLowerCase(),
        route: POST_ONLY,
      });
    }
  });

  it('a route the file names constructor is a route like any other, and clashes with nothing', () => {
    const prom = parse({ prom: { ...BASE, routes: { constructor: { policy: 'critical', page_after: '5m' } } } }).prom;
    expect(routeFor(prom, 'Constructor')).toEqual({
      name: 'constructor',
      route: {
        policy: 'critical',
        pageAfterMs: 5 * MIN,
        declare: null,
        declareAfterMs: 0,
        urgency: 'low',
        private: false,
      },
    });
    expect(routeFor(prom, 'toString')).toEqual({ name: 'tostring', route: POST_ONLY });
  });

  it('an empty severity is no severity', () => {
    expect(routeFor(integration({ '': CRITICAL, default: DEFAULT }), '')).toEqual({ name: 'default', route: DEFAULT });
  });
});

describe('routeRank and mostSevere: the order of the routes in the file', () => {
  const parsed = (routes: Record<string, unknown>) => parse({ prom: { ...BASE, routes } }).prom;
  const prom = parsed({
    default: { policy: 'critical', page_after: '1h' },
    critical: { policy: 'critical' },
    warning: { policy: 'critical', page_after: '15m' },
    info: {},
  });

  it('ranks routes as listed, most severe first; default after them wherever it is written; no route last', () => {
    expect(['critical', 'warning', 'info', 'default'].map((r) => routeRank(prom, r))).toEqual([0, 1, 2, 3]);
    const noDefault = parsed({ critical: { policy: 'critical' } });
    expect(routeRank(noDefault, 'critical')).toBe(0);
    expect(routeRank(noDefault, 'default')).toBe(2);
    expect(routeRank(noDefault, 'warning')).toBe(2);
  });

  it('picks the severity whose route ranks first, by its route (case-insensitively), the first of equals', () => {
    expect(mostSevere(prom, ['info', 'CRITICAL', 'warning'])).toBe('CRITICAL');
    expect(mostSevere(prom, ['info', 'warning'])).toBe('warning');
    // Both take default: the first stands.
    expect(mostSevere(prom, ['page-me', null])).toBe('page-me');
    expect(mostSevere(prom, ['info', 'page-me'])).toBe('info');
    expect(mostSevere(prom, [])).toBeNull();
  });
});
