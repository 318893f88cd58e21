/**
 * Checks the policy file with the same loader the bot uses, then warns about what loads but will not
 * work (src/app/checkConfig.ts):
 *
 *   npm run check-config [-- <path>] [-- --strict]
 *
 * Path: the argument, else $INCIDENT_CONFIG, else ./incident.config.yml. Exit codes: 0 valid (even
 * with warnings), 1 invalid — or with warnings under --strict (for CI) — 2 bad arguments.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadPolicy, PolicyError } from '../config/policy';
import { checkConfig } from '../app/checkConfig';
import { systemClock } from '../common/clock';

const USAGE = 'usage: npm run check-config -- [<policy file>] [--strict]';

export interface CheckConfigIo {
  env: Record<string, string | undefined>;
  now: Date;
  out(line: string): void;
  err(line: string): void;
}

export function runCheckConfig(argv: string[], io: CheckConfigIo): number {
  const strict = argv.includes('--strict');
  const rest = argv.filter((a) => a !== '--strict');
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const unknown = rest.find((a) => a.startsWith('-'));
  if (unknown || rest.length > 1) {
    io.err(unknown ? `unknown option ${unknown}` : 'one policy file at a time');
    io.err(USAGE);
    return 2;
  }
  const file = rest[0] ?? (io.env.INCIDENT_CONFIG?.trim() || './incident.config.yml');
  if (!existsSync(file)) {
    io.err(`${file}: no such file (the bot would start with the built-in defaults).`);
    return 1;
  }
  let config;
  try {
    config = loadPolicy(path.resolve(file));
  } catch (error) {
    if (error instanceof PolicyError) {
      io.err(error.explain());
      return 1;
    }
    throw error;
  }
  io.out(
    `OK: ${file} loads (${config.severities.length} severities, ${Object.keys(config.escalationPolicies).length} escalation policies, ` +
      `${Object.keys(config.schedules).length} schedules, ${Object.keys(config.alerts).length} alert integrations).`,
  );
  const { warnings } = checkConfig(config, io.now, io.env);
  for (const warning of warnings) io.out(`warning: ${warning}`);
  if (warnings.length) io.out(`${warnings.length} warning(s)${strict ? ' (--strict: failing)' : ''}.`);
  return strict && warnings.length > 0 ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = runCheckConfig(process.argv.slice(2), {
    env: process.env,
    now: systemClock.now(),
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
}
