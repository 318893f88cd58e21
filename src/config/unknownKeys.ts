/**
 * An unknown key in the policy file, told with the key the author most likely meant: the allowed
 * keys come from the zod object at that path, the suggestion is the one fewest edits away.
 * Pure: reads a schema's definition, never parses.
 */
import type { z } from 'zod';

/** The schema definition fields this walk reads (zod 4's `_zod.def`). */
interface Def {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  options?: z.core.$ZodType[];
}

const def = (schema: z.core.$ZodType): Def => schema._zod.def;

/** The schema under optional / default / pipe wrappers: the one that decides a value's shape. */
export function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  for (let d = def(schema); ; d = def(schema)) {
    const inner = d.innerType ?? (d.type === 'pipe' ? d.in : undefined);
    if (!inner) return schema;
    schema = inner;
  }
}

/** The keys an object at `path` may have, or null when no object schema is found there. */
export function allowedKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] | null {
  const d = def(unwrap(schema));
  if (d.type === 'union') {
    for (const option of d.options ?? []) {
      const keys = allowedKeysAt(option, path);
      if (keys) return keys;
    }
    return null;
  }
  if (path.length === 0) return d.type === 'object' && d.shape ? Object.keys(d.shape) : null;
  const [head, ...rest] = path;
  const next =
    d.type === 'object'
      ? d.shape?.[String(head)]
      : d.type === 'record'
        ? d.valueType
        : d.type === 'array'
          ? d.element
          : undefined;
  return next ? allowedKeysAt(next, rest) : null;
}

/** Edits (insert, delete, replace, swap two neighbours) between two words, ignoring case. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i += 1)
    for (let j = 1; j <= t.length; j += 1) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[s.length][t.length];
}

/**
 * The allowed key nearest `key`, or null when none is close enough to be a slip (a third of the
 * word, at least 2 edits) or a shortening (`per_minute` for `max_per_minute`): a far-fetched guess
 * is worse than the list.
 */
export function nearestKey(key: string, allowed: readonly string[]): string | null {
  const limit = Math.max(2, Math.floor(key.length / 3));
  const part = (a: string, b: string) => a.length >= 4 && b.toLowerCase().includes(a.toLowerCase());
  let best: { key: string; distance: number } | null = null;
  for (const candidate of allowed) {
    const distance = editDistance(key, candidate);
    const close = distance <= limit || part(key, candidate) || part(candidate, key);
    if (close && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key ?? null;
}

/** One line per unknown key: its full path, and the key meant (or the keys allowed there). */
export function unknownKeyProblems(
  schema: z.core.$ZodType,
  path: readonly PropertyKey[],
  keys: readonly string[],
): string[] {
  const allowed = allowedKeysAt(schema, path) ?? [];
  return keys.map((key) => {
    const at = [...path.map(String), key].join('.');
    const meant = nearestKey(key, allowed);
    if (meant) return `unknown key \`${at}\` — did you mean \`${meant}\`?`;
    return allowed.length
      ? `unknown key \`${at}\` — expected one of: ${allowed.join(', ')}`
      : `unknown key \`${at}\` — remove it`;
  });
}
