/**
 * The policy the bot runs with against the local Slack. A newcomer has no policy file yet, and the
 * built-in defaults page nobody: the example file (schedules, an escalation policy, stakeholders) is
 * what makes paging, acknowledging and escalating something to try. When the policy has no Alertmanager
 * source, one named `sample` is added, so the page's "Send a sample alert" has somewhere to post.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadPolicy, parsePolicy, type PolicyConfig } from '../config/policy';

/** The repository's root, from src/localSlack (tsx) or dist/localSlack (npm start) alike. */
const ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLE_POLICY = path.join(ROOT, 'incident.config.example.yml');

/** The variable the sample source's bearer token is read from (set to a fresh random value each start). */
export const SAMPLE_ALERTS_TOKEN_ENV = 'LOCAL_SLACK_ALERTS_TOKEN';

export interface LocalPolicy {
  config: PolicyConfig;
  /** The file read: the operator's own, or the example. */
  file: string;
  /** Whether the sample Alertmanager source was added (its token is then in process.env). */
  sampleSourceAdded: boolean;
}

export function loadLocalPolicy(configured: string, env: NodeJS.ProcessEnv): LocalPolicy {
  const file = existsSync(configured) ? configured : EXAMPLE_POLICY;
  const config = loadPolicy(file);
  const hasAlertmanager = Object.values(config.alerts).some((a) => a.format === 'alertmanager');
  const policy = Object.keys(config.escalationPolicies)[0];
  if (hasAlertmanager || !policy) return { config, file, sampleSourceAdded: false };

  const raw = (parseYaml(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  const alerts = (raw.alerts ?? {}) as Record<string, unknown>;
  env[SAMPLE_ALERTS_TOKEN_ENV] = randomBytes(24).toString('hex');
  const withSample = {
    ...raw,
    alerts: {
      ...alerts,
      sample: {
        format: 'alertmanager',
        token_env: SAMPLE_ALERTS_TOKEN_ENV,
        channel: 'alerts',
        routes: { critical: { policy }, default: {} },
      },
    },
  };
  return { config: parsePolicy(withSample, file), file, sampleSourceAdded: true };
}
