/**
 * Warnings about a policy file that loads but will not do what its author hopes: escalation levels
 * that reach nobody, schedules with nobody in them or gaps ahead, overrides that cover nothing,
 * severities that page on declare through a policy that cannot reach anyone. Pure: `now` is an
 * argument, and "ahead" means the next 8 weeks. Errors (a file that does not load) are the
 * loader's job (config/policy.ts); `npm run check-config` prints both.
 */
import { DEFAULT_NOTIFICATION_RULES } from '../config/contact';
import type { PolicyConfig } from '../config/policy';
import type { Target } from '../config/targets';
import { formatTarget } from '../config/targets';
import { splitScheduleTarget } from '../config/schedules';
import { currentShift, findScheduleProblems, layerNames, nextShifts } from '../schedules/rotation';

export const CHECK_HORIZON_MS = 8 * 7 * 24 * 60 * 60_000;

export interface ConfigCheck {
  warnings: string[];
}

/**
 * `env`: the environment the bot will run with (alert integrations read their token and signing
 * secret from it); omitted, those are not checked.
 */
export function checkConfig(config: PolicyConfig, now: Date, env?: Record<string, string | undefined>): ConfigCheck {
  const warnings: string[] = [];
  const until = new Date(now.getTime() + CHECK_HORIZON_MS);

  for (const schedule of Object.values(config.schedules)) {
    if (schedule.members.length === 0) warnings.push(`schedules.${schedule.name}: has no members`);
    // findScheduleProblems also names an empty rotation; the line above keeps the plain statement first.
    warnings.push(
      ...findScheduleProblems(schedule, now, CHECK_HORIZON_MS).filter((p) => !/the rotation has no members/.test(p)),
    );
  }

  /** Why a target can never reach anyone in the look-ahead, or null when it can. */
  const unreachable = (target: Target): string | null => {
    if (target.kind === 'pagerduty') {
      // Without its routing key every trigger is refused (and reported) at the time of the page.
      const variable = `PAGERDUTY_ROUTING_KEY_${target.name.toUpperCase().replace(/-/g, '_')}`;
      return env && !env[variable]?.trim() ? `${formatTarget(target)} has no ${variable} set` : null;
    }
    if (target.kind !== 'schedule') return null; // people, groups and channels are there to be reached
    const { schedule: name, layer } = splitScheduleTarget(target.name);
    const schedule = config.schedules[name];
    if (!schedule || !layerNames(schedule).includes(layer)) return `${formatTarget(target)} does not exist`;
    if (currentShift(schedule, now, layer)) return null;
    const next = nextShifts(schedule, now, 1, layer)[0];
    if (next && next.start.getTime() < until.getTime()) return null;
    const spec = schedule.layers[layer];
    const members = spec?.kind === 'rotation' ? spec.rotation.members : schedule.members;
    return members.length === 0
      ? `${formatTarget(target)} has no members`
      : `${formatTarget(target)} has nobody on call in the next 8 weeks`;
  };
  /** Null when someone can be reached; else the reasons nobody can. */
  const nobodyReached = (targets: Target[]): string[] | null => {
    const reasons = targets.map(unreachable);
    return reasons.every((r) => r !== null) ? reasons : null;
  };

  const deadPolicies = new Map<string, string>();
  for (const policy of Object.values(config.escalationPolicies)) {
    let reachableLevels = 0;
    policy.levels.forEach((level, i) => {
      const reasons = nobodyReached(level.notify);
      if (reasons)
        warnings.push(`escalation_policies.${policy.name}.levels.${i}: can never reach anyone (${reasons.join('; ')})`);
      else reachableLevels += 1;
    });
    policy.unresolved.forEach((notice, i) => {
      const reasons = nobodyReached(notice.notify);
      if (reasons)
        warnings.push(
          `escalation_policies.${policy.name}.unresolved.${i}: can never reach anyone (${reasons.join('; ')})`,
        );
    });
    if (policy.levels.length === 0) deadPolicies.set(policy.name, 'it has no levels');
    else if (reachableLevels === 0) deadPolicies.set(policy.name, 'none of its levels can reach anyone');
  }

  for (const severity of config.severities) {
    if (!severity.pageOnDeclare) continue;
    const why = !severity.policy
      ? 'it has no policy'
      : !config.escalationPolicies[severity.policy]
        ? `policy "${severity.policy}" does not exist`
        : deadPolicies.get(severity.policy);
    if (why)
      warnings.push(`severities.${severity.key}: page_on_declare is set, but declaring it will page nobody: ${why}`);
  }

  for (const integration of Object.values(config.alerts)) {
    const at = `alerts.${integration.name}`;
    if (env && !env[integration.tokenEnv]?.trim())
      warnings.push(
        `${at}.token_env: ${integration.tokenEnv} is not set, so POST /alerts/${integration.name} answers 503 until it is`,
      );
    if (env && integration.hmacSecretEnv && !env[integration.hmacSecretEnv]?.trim())
      warnings.push(`${at}.hmac_secret_env: ${integration.hmacSecretEnv} is not set, so every request is refused`);
    for (const [value, route] of Object.entries(integration.routes)) {
      const dead = route.policy ? deadPolicies.get(route.policy) : undefined;
      if (dead) warnings.push(`${at}.routes.${value}: its alerts will page nobody (policy "${route.policy}": ${dead})`);
    }
    if (Object.keys(integration.routes).length > 0 && !Object.values(integration.routes).some((r) => r.policy)) {
      warnings.push(`${at}.routes: no route pages anyone; its alerts are only posted in #${integration.channel}`);
    }
  }

  if (env) warnings.push(...unservedMethods(config, env));

  if (config.channels.handoff && Object.keys(config.schedules).length === 0) {
    warnings.push(
      `channels.handoff: #${config.channels.handoff} is set, but there are no schedules to announce handoffs for`,
    );
  }
  const { postmortem, privatePostmortem, announce } = config.channels;
  if (privatePostmortem && [postmortem, announce].includes(privatePostmortem))
    warnings.push(
      `channels.private_postmortem: "${privatePostmortem}" is also where every incident goes (channels.${privatePostmortem === postmortem ? 'postmortem' : 'announce'}): private incidents' post-mortems would be read there by everyone`,
    );

  return { warnings };
}

/** Which notification methods this environment has a provider for (the same settings main.ts reads). */
export function providedMethods(env: Record<string, string | undefined>): Set<string> {
  const set = (name: string) => Boolean(env[name]?.trim());
  const twilio = set('TWILIO_ACCOUNT_SID') && set('TWILIO_AUTH_TOKEN');
  const methods = new Set(['slack', 'webhook']);
  if (twilio && (set('TWILIO_FROM') || set('TWILIO_MESSAGING_SERVICE_SID'))) methods.add('sms');
  if (twilio && set('TWILIO_FROM')) methods.add('voice');
  if (set('SMTP_URL') && set('EMAIL_FROM')) methods.add('email');
  return methods;
}

/** Rules and declared people that use a method nobody can be reached by here: each step would fail (and be reported) at 3 a.m. */
function unservedMethods(config: PolicyConfig, env: Record<string, string | undefined>): string[] {
  const provided = providedMethods(env);
  const needs: Record<string, string> = {
    sms: 'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID)',
    voice: 'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM',
    email: 'SMTP_URL and EMAIL_FROM',
  };
  const warnings: string[] = [];
  // The built-in rules leave out a method nobody has; written rules or declared people mean it is wanted.
  const rulesWritten = JSON.stringify(config.notificationRules) !== JSON.stringify(DEFAULT_NOTIFICATION_RULES);
  if (rulesWritten || Object.keys(config.people).length > 0)
    for (const urgency of ['high', 'low'] as const)
      config.notificationRules[urgency].forEach((step, i) => {
        if (!provided.has(step.method))
          warnings.push(
            `notification_rules.${urgency}.${i}: uses ${step.method}, which is not set up here (set ${needs[step.method]}); that step will fail for everyone and move them on`,
          );
      });
  for (const [userId, methods] of Object.entries(config.people))
    for (const kind of Object.keys(methods))
      if (!provided.has(kind))
        warnings.push(`people.${userId}.${kind}: ${kind} is not set up here (set ${needs[kind]})`);
  if (Object.keys(config.people).length > 0 && !env.PUBLIC_URL?.trim())
    warnings.push(
      'people: PUBLIC_URL is not set, so texts get no delivery reports, calls cannot be answered with a key, and emails carry no acknowledge link',
    );
  return warnings;
}
