/**
 * Secrets from files: `<NAME>_FILE` names a file whose contents are NAME's value, as Docker and
 * Kubernetes secrets are mounted, so a secret need not sit in the environment (where `docker inspect`
 * and a crash dump show it). Applied to the environment before it is read; a problem names the
 * variable and the path, never the file's contents.
 */
import { readFileSync } from 'node:fs';
import { EnvError } from './env';

/** The settings that are secrets; PAGERDUTY_ROUTING_KEY_<NAME> and the policy's alert tokens too. */
export const SECRET_SETTINGS = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'DATABASE_URL',
  'TWILIO_AUTH_TOKEN',
  'SMTP_URL',
  'ACK_LINK_SECRET',
] as const;

const SECRET_PREFIXES = ['PAGERDUTY_ROUTING_KEY_'];
const SUFFIX = '_FILE';

const isSet = (value: string | undefined) => (value ?? '').trim() !== '';

/** The secret names `env` gives a `_FILE` for: the fixed ones, the prefixed ones, and `extra` (alert tokens). */
function secretsWithFiles(env: NodeJS.ProcessEnv, extra: readonly string[]): string[] {
  const secrets = new Set<string>([...SECRET_SETTINGS, ...extra]);
  return Object.keys(env)
    .filter((key) => key.endsWith(SUFFIX) && isSet(env[key]))
    .map((key) => key.slice(0, -SUFFIX.length))
    .filter((name) => secrets.has(name) || SECRET_PREFIXES.some((p) => name.startsWith(p) && name.length > p.length))
    .sort();
}

function why(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'which does not exist';
  if (code === 'EACCES') return 'which the bot may not read';
  if (code === 'EISDIR') return 'which is a directory';
  return `which cannot be read (${typeof code === 'string' ? code : 'unreadable'})`;
}

/**
 * Sets each secret NAME from the file NAME_FILE names (its trailing newline dropped), in `env` itself,
 * and removes NAME_FILE.
 * `extra`: more secret names (the alert tokens the policy names). Throws EnvError with every problem.
 */
export function applySecretFiles(
  env: NodeJS.ProcessEnv,
  extra: readonly string[] = [],
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): void {
  const problems: string[] = [];
  for (const name of secretsWithFiles(env, extra)) {
    const fileVar = `${name}${SUFFIX}`;
    const path = env[fileVar]!.trim();
    if (isSet(env[name])) {
      problems.push(`${name} and ${fileVar} are both set: keep one (${fileVar} reads the value from a file)`);
      continue;
    }
    let value: string;
    try {
      value = read(path).replace(/(\r?\n)+$/, '');
    } catch (error) {
      problems.push(`${fileVar} names ${path}, ${why(error)}`);
      continue;
    }
    if (value.trim() === '') problems.push(`${fileVar} names ${path}, which is empty`);
    else {
      env[name] = value;
      // Read once: applied again (main.ts does, for the policy's alert tokens), the value is not "set twice".
      delete env[fileVar];
    }
  }
  if (problems.length > 0) throw new EnvError(problems);
}
