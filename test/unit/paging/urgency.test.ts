/**
 * pageUrgency: which notification rules a page's people follow. An incident's page takes its severity's
 * urgency, an alert group's page its route's; what the policy file no longer names is high. Configs are
 * built by parsePolicy, as the bot builds them.
 */
import { parsePolicy } from '../../../src/config/policy';
import { pageUrgency } from '../../../src/paging/urgency';

const POLICIES = { critical: { levels: [{ notify: ['user:U0AAA'] }] } };
const BASE = { format: 'alertmanager', token_env: 'ALERTS_PROM_TOKEN', channel: 'alerts' };

const incident = (severity: string) => ({ incidentSeverity: severity, alertGroup: null });
const alert = (integration: string, route: string) => ({ incidentSeverity: null, alertGroup: { integration, route } });

describe('the page of an incident', () => {
  const config = parsePolicy(
    {
      escalation_policies: POLICIES,
      severities: {
        S1: {},
        S2: {},
        S3: {},
        QUIET: { urgency: 'low' },
        LOUD: { urgency: 'high' },
      },
    },
    'test',
  );

  it("follows its severity's urgency: written, or high for the two most severe and low below", () => {
    expect(pageUrgency(config, incident('S1'))).toBe('high');
    expect(pageUrgency(config, incident('S2'))).toBe('high');
    expect(pageUrgency(config, incident('S3'))).toBe('low');
    expect(pageUrgency(config, incident('QUIET'))).toBe('low');
    expect(pageUrgency(config, incident('LOUD'))).toBe('high');
  });

  it('is high for a severity the policy file no longer names', () => {
    expect(pageUrgency(config, incident('SEV9'))).toBe('high');
    expect(pageUrgency(config, incident(''))).toBe('high');
    // A stored key is matched as stored, not as typed.
    expect(pageUrgency(config, incident('s3'))).toBe('high');
  });

  it("uses the built-in severities' urgencies when the file sets none", () => {
    const builtIn = parsePolicy({}, 'test');
    expect(['SEV1', 'SEV2', 'SEV3', 'SEV4'].map((s) => pageUrgency(builtIn, incident(s)))).toEqual([
      'high',
      'high',
      'low',
      'low',
    ]);
  });

  it('follows the severity even when the page also names an alert group', () => {
    expect(
      pageUrgency(config, { incidentSeverity: 'QUIET', alertGroup: { integration: 'nowhere', route: 'critical' } }),
    ).toBe('low');
  });
});

describe('the page of an alert group', () => {
  const config = parsePolicy(
    {
      escalation_policies: POLICIES,
      alerts: {
        prometheus: {
          ...BASE,
          routes: {
            critical: { policy: 'critical' },
            warning: { policy: 'critical' },
            pager: { policy: 'critical', urgency: 'high' },
            calm: { policy: 'critical', urgency: 'low' },
          },
        },
        grafana: {
          ...BASE,
          token_env: 'ALERTS_GRAFANA_TOKEN',
          routes: {
            critical: { policy: 'critical', urgency: 'low' },
            default: { policy: 'critical', urgency: 'high' },
          },
        },
        quiet: { ...BASE, token_env: 'ALERTS_QUIET_TOKEN', routes: { default: { policy: 'critical' } } },
      },
    },
    'test',
  );

  it("follows its route's urgency: written, or high for a route named critical and low for the rest", () => {
    expect(pageUrgency(config, alert('prometheus', 'critical'))).toBe('high');
    expect(pageUrgency(config, alert('prometheus', 'warning'))).toBe('low');
    expect(pageUrgency(config, alert('prometheus', 'pager'))).toBe('high');
    expect(pageUrgency(config, alert('prometheus', 'calm'))).toBe('low');
    expect(pageUrgency(config, alert('grafana', 'critical'))).toBe('low');
  });

  it("takes the route as routeFor does: case aside, and the 'default' route for a name with none", () => {
    expect(pageUrgency(config, alert('prometheus', 'CRITICAL'))).toBe('high');
    expect(pageUrgency(config, alert('grafana', 'info'))).toBe('high');
    expect(pageUrgency(config, alert('grafana', 'default'))).toBe('high');
    expect(pageUrgency(config, alert('quiet', 'critical'))).toBe('low');
  });

  it('is low for a route name its integration has no route for and no default (it only posts)', () => {
    expect(pageUrgency(config, alert('prometheus', 'info'))).toBe('low');
  });

  it('is high for an integration the policy file no longer names', () => {
    expect(pageUrgency(config, alert('datadog', 'warning'))).toBe('high');
    // Names an integration may have (lowercase) that are also Object's own.
    expect(pageUrgency(config, alert('constructor', 'warning'))).toBe('high');
    expect(pageUrgency(config, alert('__proto__', 'warning'))).toBe('high');
  });

  it('is high for a page that names neither an incident nor an alert group', () => {
    expect(pageUrgency(config, { incidentSeverity: null, alertGroup: null })).toBe('high');
  });
});
