/**
 * The policy file's top-level sections parsed one by one, and in a map section (severities,
 * escalation_policies…) each entry on its own, so a mistake in one place leaves the rest usable:
 * the cross-reference checks (a severity naming a policy that does not exist…) then run in the
 * same pass as the schema, and one run reports every error. A misspelt section name
 * (`escalation_policy:`) is read as the section meant, so its contents are not reported missing.
 */
import type { z } from 'zod';
import { nearestKey, unwrap } from './unknownKeys';

export interface PolicySections {
  /** Every section that parsed; a broken map section holds the entries that parsed on their own. */
  parsed: Record<string, unknown>;
  /**
   * Whether a reference to `name` in `section` cannot be judged: the section is broken and the
   * name is written there (its entry has its own error) or the section is not a map at all.
   */
  unsure(section: string, name: string): boolean;
  broken: ReadonlySet<string>;
  /** What the file has under `section` (a misspelt section name read as the one meant). */
  written(section: string): unknown;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseSections(shape: Readonly<Record<string, z.ZodType>>, raw: unknown): PolicySections {
  const doc = isMap(raw) ? { ...raw } : {};
  for (const key of Object.keys(doc)) {
    if (Object.hasOwn(shape, key)) continue;
    const meant = nearestKey(key, Object.keys(shape));
    if (meant && !Object.hasOwn(doc, meant)) doc[meant] = doc[key];
  }
  const parsed: Record<string, unknown> = {};
  const broken = new Set<string>();
  for (const [section, schema] of Object.entries(shape)) {
    if (!isMap(raw)) {
      broken.add(section);
      continue;
    }
    const whole = schema.safeParse(doc[section]);
    if (whole.success) {
      parsed[section] = whole.data;
      continue;
    }
    broken.add(section);
    const value = doc[section];
    if (unwrap(schema)._zod.def.type !== 'record' || !isMap(value)) continue;
    // Each entry through the section's own schema, so key rules and messages stay the section's.
    const entries: [string, unknown][] = [];
    for (const [name, entry] of Object.entries(value)) {
      const one = parseEntry(schema, name, entry);
      if (one !== undefined) entries.push([name, one]);
    }
    parsed[section] = Object.fromEntries(entries);
  }
  return {
    parsed,
    broken,
    written: (section) => doc[section],
    unsure: (section, name) => {
      if (!broken.has(section)) return false;
      const written = doc[section];
      return !isMap(written) || Object.hasOwn(written, name);
    },
  };
}

/**
 * One map entry through its section's schema. An entry whose only mistakes are unknown keys is
 * read without them: they are reported anyway, and the rest of it (a severity's policy) can still
 * be checked.
 */
function parseEntry(schema: z.ZodType, name: string, entry: unknown): unknown {
  const wrap = (value: unknown) => Object.fromEntries([[name, value]]);
  const first = schema.safeParse(wrap(entry));
  const result =
    !first.success && first.error.issues.every((i) => i.code === 'unrecognized_keys')
      ? schema.safeParse(withoutKeys(wrap(entry), first.error.issues))
      : first;
  return result.success && isMap(result.data) && Object.hasOwn(result.data, name) ? result.data[name] : undefined;
}

/** A copy of `value` without the keys the issues name (each at its own path). */
function withoutKeys(value: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  const copy: unknown = structuredClone(value);
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    let at: unknown = copy;
    for (const step of issue.path)
      at = isMap(at) || Array.isArray(at) ? (at as Record<PropertyKey, unknown>)[step] : undefined;
    if (isMap(at)) for (const key of issue.keys) delete at[key];
  }
  return copy;
}
