/**
 * What Postgres cannot store, taken out of a parsed body before any field is read. `text` refuses
 * U+0000 (SQLSTATE 22021) and `jsonb` refuses it too, as it refuses a UTF-16 surrogate that is not
 * half of a pair (JSON.stringify writes one as a `\ud800` escape, which jsonb will not take: 22P05).
 * A sender that put one in a label would otherwise get a 503 on every retry, for ever, and nothing
 * would page. So every string of the body — keys and values, at any depth (the generic format's
 * `details` may nest) — loses those characters, and the alert is stored and shown without them.
 */

/** U+0000, a high surrogate not followed by a low one, and a low surrogate not preceded by a high one. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * A quick look first (a body may hold 50,000 alerts): NUL or any surrogate. No `g`, which would make
 * test() carry its position from one string to the next.
 */
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF]/;

export interface Storable {
  value: unknown;
  /** How many characters were taken out (0: `value` is the body as given). */
  removed: number;
}

/** Pure. Objects and arrays are copied only where something changed; a `__proto__` key stays a plain key. */
export function storable(body: unknown): Storable {
  let removed = 0;
  const text = (s: string): string => {
    if (!MAYBE_UNSTORABLE.test(s)) return s;
    const kept = s.replace(UNSTORABLE, '');
    removed += s.length - kept.length;
    return kept;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const item = walk(v[i]);
        if (copy === null && item !== v[i]) copy = v.slice(0, i);
        copy?.push(item);
      }
      return copy ?? v;
    }
    const fields = v as Record<string, unknown>;
    const keys = Object.keys(fields);
    let copy: [string, unknown][] | null = null;
    for (let i = 0; i < keys.length; i++) {
      const key = text(keys[i]);
      const value = walk(fields[keys[i]]);
      if (copy === null && (key !== keys[i] || value !== fields[keys[i]]))
        copy = keys.slice(0, i).map((k) => [k, fields[k]]);
      copy?.push([key, value]);
    }
    return copy ? Object.fromEntries(copy) : v;
  };
  const value = walk(body);
  return { value, removed };
}
