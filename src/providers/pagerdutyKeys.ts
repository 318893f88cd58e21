/**
 * Which PagerDuty service a team's incidents go to: one Events API v2 routing key per name, each in its
 * own PAGERDUTY_ROUTING_KEY_<NAME> variable. The keys stay in the environment because each is a secret
 * (whoever holds it can page that service); anything else names the service only by `database`. Pure.
 */
import { EnvError } from '../config/env';

const PREFIX = 'PAGERDUTY_ROUTING_KEY_';
const WHERE = 'the Integration Key of an Events API v2 integration: PagerDuty → Services → the service → Integrations';

/**
 * PAGERDUTY_ROUTING_KEY_DATABASE → `database`, PAGERDUTY_ROUTING_KEY_PAYMENTS_API → `payments-api`.
 * Throws EnvError with every problem at once, each naming its variable and never its value.
 */
export function pagerDutyRoutingKeys(env: NodeJS.ProcessEnv): Record<string, string> {
  const keys: Record<string, string> = {};
  const named = new Map<string, string>();
  const problems: string[] = [];
  // Sorted, so the same environment always reports its problems in the same order.
  for (const variable of Object.keys(env).sort()) {
    if (!variable.startsWith(PREFIX)) continue;
    const value = env[variable]?.trim() ?? '';
    // An empty value is an unset one: env files keep `VAR=` lines for the services not used.
    if (value === '') continue;
    const name = variable.slice(PREFIX.length).toLowerCase().replace(/_/g, '-');
    const earlier = named.get(name);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name))
      problems.push(`${variable} needs a name after ${PREFIX}: letters and digits, words joined by _`);
    // PagerDuty answers 400 to any other shape; better the bot says so when it starts than at the first page.
    else if (!/^[A-Za-z0-9]{32}$/.test(value)) problems.push(`${variable} must be 32 letters and digits — ${WHERE}`);
    else if (earlier) problems.push(`${variable} and ${earlier} both name "${name}"; keep one`);
    else {
      keys[name] = value;
      named.set(name, variable);
    }
  }
  if (problems.length > 0) throw new EnvError(problems);
  return keys;
}
