/**
 * The `alerts:` section of the policy file: one entry per monitoring integration, each served at
 * POST /alerts/<name>. Operators rely on this shape (see docs/alerts.md):
 *
 *   alerts:
 *     prometheus:
 *       format: alertmanager            # alertmanager | grafana | generic
 *       token_env: ALERTS_PROMETHEUS_TOKEN
 *       channel: alerts
 *       severity_label: severity
 *       routes:
 *         critical: { policy: critical }
 *         warning:  { policy: critical, page_after: 15m }
 *         info:     {}
 *       group_by: [alertname, team]
 */
import { z } from 'zod';
import { duration } from './zodDuration';
import { ZUrgency, type Urgency } from './contact';

/** The body format an integration accepts. */
export type AlertFormat = 'alertmanager' | 'grafana' | 'generic';

export interface AlertRoute {
  /** The escalation policy that pages for this route; null: post only. */
  policy: string | null;
  /** Page only if nobody acknowledged within this long (0: page at once). */
  pageAfterMs: number;
  /** Declare an incident of this severity automatically; null: only by hand. */
  declare: string | null;
  /** …once the group has been firing this long unresolved (0: at once). */
  declareAfterMs: number;
  /** Which notification rules its pages follow. */
  urgency: Urgency;
  /** The incident it declares (by route or by the button) is private (incidents/privacy.ts). */
  private: boolean;
}

export interface AlertIntegration {
  name: string;
  format: AlertFormat;
  /** The environment variable holding the bearer token (never the token itself). */
  tokenEnv: string;
  /** Grafana only: the environment variable holding the HMAC secret; null: no signature expected. */
  hmacSecretEnv: string | null;
  /**
   * The contact point's "Timestamp header" (Grafana has no default name): when set, Grafana signs
   * `timestamp:body`, and a timestamp more than 5 minutes from now is refused (a replayed request).
   */
  hmacTimestampHeader: string | null;
  /** Channel name (no #) the group messages go to. */
  channel: string;
  severityLabel: string;
  /**
   * By the severity label's value, lower-cased; `default` catches the rest. Read it with `ownRoute` (alertRoutes.ts):
   * a label value is the sender's to choose, and `constructor` must not find Object's.
   */
  routes: Record<string, AlertRoute>;
  /** Labels whose values make a group; null: the sender's groupKey (generic: each key alone). */
  groupBy: string[] | null;
  /** A resolved group that fires again within this long reopens; after it, a new group starts. */
  reopenWithinMs: number;
}

export const DEFAULT_REOPEN_WITHIN_MS = 60 * 60_000;

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, { message: 'expected an environment variable name like ALERTS_PROMETHEUS_TOKEN' });

const ZRoute = z.strictObject({
  policy: z.string().optional(),
  page_after: duration('a duration').optional(),
  declare: z.string().optional(),
  declare_after: duration('a duration').optional(),
  /** How its pages reach people (notification rules): by default high for a route named critical, low otherwise. */
  urgency: ZUrgency.optional(),
  /** Incidents declared from this route's groups are private. */
  private: z.boolean().default(false),
});

const ZIntegration = z.strictObject({
  format: z.enum(['alertmanager', 'grafana', 'generic'], { error: 'expected alertmanager, grafana or generic' }),
  token_env: envName,
  hmac_secret_env: envName.optional(),
  hmac_timestamp_header: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, { message: 'expected an HTTP header name like X-Grafana-Alerting-Timestamp' })
    .optional(),
  channel: z
    .string()
    .min(1)
    .transform((c) => c.replace(/^#/, '')),
  severity_label: z.string().min(1).default('severity'),
  routes: z.record(z.string(), ZRoute).default({}),
  group_by: z.array(z.string().min(1)).min(1).optional(),
  reopen_within: z.union([z.literal(0), duration('a duration')]).default(DEFAULT_REOPEN_WITHIN_MS),
});

export const ZAlerts = z
  .record(z.string().regex(/^[a-z0-9_-]{1,40}$/), ZIntegration, {
    // zod's own text for a bad record key ("Invalid key in record") does not say what a name may be.
    error: (issue) =>
      issue.code === 'invalid_key'
        ? 'expected a name of lowercase letters, digits, - or _ (it is the URL path)'
        : undefined,
  })
  .default({});

/**
 * The parsed section as the app uses it. `knows` says whether a policy / severity name exists, so
 * a route that points at nothing is reported at load (and by `npm run check-config`), not at 3 a.m.
 */
export function buildAlerts(
  doc: z.output<typeof ZAlerts>,
  knows: { policy(name: string): boolean; severity(name: string): string | null },
  problems: string[],
): Record<string, AlertIntegration> {
  const out: Record<string, AlertIntegration> = {};
  for (const [name, spec] of Object.entries(doc)) {
    // A Map while building: a route named `__proto__` or `constructor` is a route like any other.
    const routes = new Map<string, AlertRoute>();
    for (const [value, route] of Object.entries(spec.routes)) {
      const at = `alerts.${name}.routes.${value}`;
      if (routes.has(value.toLowerCase()))
        problems.push(
          `${at}: routes match case-insensitively, so this one clashes with another spelling of "${value}"`,
        );
      if (route.policy && !knows.policy(route.policy))
        problems.push(`${at}.policy: "${route.policy}" is not defined under escalation_policies`);
      if (route.page_after !== undefined && !route.policy) problems.push(`${at}.page_after: needs a policy to page`);
      let declare: string | null = null;
      if (route.declare) {
        declare = knows.severity(route.declare);
        if (!declare) problems.push(`${at}.declare: "${route.declare}" is not a severity`);
      }
      // An incident needs a commander: the person the route's page reaches (or who acknowledges).
      if (route.declare && !route.policy)
        problems.push(`${at}.declare: needs a policy, whose page names the incident's commander`);
      if (route.declare_after !== undefined && !route.declare)
        problems.push(`${at}.declare_after: needs declare: <severity>`);
      routes.set(value.toLowerCase(), {
        policy: route.policy ?? null,
        pageAfterMs: route.page_after ?? 0,
        declare,
        declareAfterMs: route.declare_after ?? 0,
        urgency: route.urgency ?? (value.toLowerCase() === 'critical' ? 'high' : 'low'),
        private: route.private,
      });
    }
    if (spec.hmac_secret_env && spec.format !== 'grafana')
      problems.push(`alerts.${name}.hmac_secret_env: only Grafana signs its webhooks`);
    if (spec.hmac_timestamp_header && !spec.hmac_secret_env)
      problems.push(`alerts.${name}.hmac_timestamp_header: needs hmac_secret_env`);
    out[name] = {
      name,
      format: spec.format,
      tokenEnv: spec.token_env,
      hmacSecretEnv: spec.hmac_secret_env ?? null,
      hmacTimestampHeader: spec.hmac_timestamp_header?.toLowerCase() ?? null,
      channel: spec.channel,
      severityLabel: spec.severity_label,
      routes: Object.fromEntries(routes), // own data properties, `__proto__` included
      groupBy: spec.group_by ?? null,
      reopenWithinMs: spec.reopen_within,
    };
  }
  return out;
}
