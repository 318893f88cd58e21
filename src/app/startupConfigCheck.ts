/**
 * `npm run check-config`'s warnings, at every start: a policy that loads but will page nobody (a
 * schedule with no members, page_on_declare through a policy that reaches nobody…) is said in the log
 * at warn level, one line each, where an operator's alerting on warnings sees it. STRICT_CONFIG=true
 * refuses to start on any of them, for deployments that would rather not run than page nobody.
 */
import type { Logger } from '../common/logger';
import { StartupRefusal } from '../common/errors';
import type { PolicyConfig } from '../config/policy';
import { checkConfig } from './checkConfig';

export function checkConfigAtStart(opts: {
  config: PolicyConfig;
  policyFile: string;
  now: Date;
  env: Record<string, string | undefined>;
  strict: boolean;
  log: Logger;
}): void {
  const { warnings } = checkConfig(opts.config, opts.now, opts.env);
  for (const warning of warnings) opts.log.warn({ policyFile: opts.policyFile, configWarning: true }, warning);
  if (opts.strict && warnings.length > 0)
    throw new StartupRefusal(
      `STRICT_CONFIG=true and the policy file ${opts.policyFile} has ${warnings.length} warning(s), logged above: ` +
        `fix them (npm run check-config lists them too), or unset STRICT_CONFIG to start with them.`,
    );
}
