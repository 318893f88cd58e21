/**
 * Which policy file the bot loads. A file that INCIDENT_CONFIG names and that is not there is a
 * mistake (a typo, a volume not mounted): running the built-in defaults instead would page nobody,
 * so the start stops. Only the default path may be missing, and that is said at warn level.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { StartupRefusal } from '../common/errors';

export const DEFAULT_POLICY_FILE = './incident.config.yml';

export interface PolicyFileChoice {
  /** Absolute path of the file to load. */
  file: string;
  /** Set when the file is the default one and it is missing: what to warn, since the built-in defaults run. */
  missingDefault: string | null;
}

/** `configured`: INCIDENT_CONFIG as set (unset or blank: the default path). */
export function choosePolicyFile(
  configured: string | undefined,
  opts: { cwd?: string; exists?: (file: string) => boolean } = {},
): PolicyFileChoice {
  const exists = opts.exists ?? existsSync;
  const named = configured?.trim() || null;
  const file = path.resolve(opts.cwd ?? process.cwd(), named ?? DEFAULT_POLICY_FILE);
  if (exists(file)) return { file, missingDefault: null };
  if (named)
    throw new StartupRefusal(
      `INCIDENT_CONFIG names the policy file ${named} (${file}), which does not exist. Fix the path or mount ` +
        `the file; unset INCIDENT_CONFIG only if you mean to run the built-in defaults, which page nobody.`,
    );
  return {
    file,
    missingDefault:
      `No policy file at ${file} (INCIDENT_CONFIG is unset): running the built-in defaults, which page nobody. ` +
      `Copy incident.config.example.yml there, or set INCIDENT_CONFIG.`,
  };
}
