import { z } from 'zod';
import { allowedKeysAt, editDistance, nearestKey, unknownKeyProblems } from '../../../src/config/unknownKeys';

const schema = z.strictObject({
  severities: z
    .record(z.string(), z.strictObject({ update_every: z.string().optional(), policy: z.string().optional() }))
    .optional(),
  escalation_policies: z
    .record(z.string(), z.strictObject({ levels: z.array(z.strictObject({ notify: z.array(z.string()) })) }))
    .default({}),
  digest: z
    .strictObject({ max_per_minute: z.number().default(20) })
    .default({ max_per_minute: 20 })
    .transform((d) => d.max_per_minute),
});

describe('editDistance', () => {
  test.each([
    ['update_evry', 'update_every', 1],
    ['polciy', 'policy', 1], // two neighbours swapped is one slip
    ['Policy', 'policy', 0],
    ['levels', 'notify', 6],
    ['', 'abc', 3],
  ])('%s → %s: %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('nearestKey', () => {
  test('the closest allowed key, or none when nothing is close', () => {
    expect(nearestKey('update_evry', ['policy', 'update_every', 'urgency'])).toBe('update_every');
    expect(nearestKey('escalation_policy', ['escalation_policies', 'schedules'])).toBe('escalation_policies');
    expect(nearestKey('per_minute', ['max_per_minute'])).toBe('max_per_minute');
    expect(nearestKey('colour', ['policy', 'update_every'])).toBeNull();
    expect(nearestKey('at', ['after', 'policy'])).toBeNull();
  });
});

describe('allowedKeysAt', () => {
  test('walks objects, maps, lists and wrappers to the object at the path', () => {
    expect(allowedKeysAt(schema, [])).toEqual(['severities', 'escalation_policies', 'digest']);
    expect(allowedKeysAt(schema, ['severities', 'SEV1'])).toEqual(['update_every', 'policy']);
    expect(allowedKeysAt(schema, ['escalation_policies', 'p', 'levels', 0])).toEqual(['notify']);
    expect(allowedKeysAt(schema, ['digest'])).toEqual(['max_per_minute']);
    expect(allowedKeysAt(schema, ['severities', 'SEV1', 'policy'])).toBeNull();
  });
});

describe('unknownKeyProblems', () => {
  test('each unknown key by its full path, with the key meant or the keys allowed', () => {
    expect(unknownKeyProblems(schema, ['severities', 'SEV1'], ['update_evry', 'colour'])).toEqual([
      'unknown key `severities.SEV1.update_evry` — did you mean `update_every`?',
      'unknown key `severities.SEV1.colour` — expected one of: update_every, policy',
    ]);
  });

  test('the issue zod reports for a misspelt key names the key meant', () => {
    const parsed = schema.safeParse({ escalation_policies: { p: { levels: [{ notfy: ['x'] }] } } });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues.find((i) => i.code === 'unrecognized_keys');
    expect(issue?.path).toEqual(['escalation_policies', 'p', 'levels', 0]);
    if (issue?.code !== 'unrecognized_keys') return;
    expect(unknownKeyProblems(schema, issue.path, issue.keys)).toEqual([
      'unknown key `escalation_policies.p.levels.0.notfy` — did you mean `notify`?',
    ]);
  });
});

describe('unknown keys: the edges', () => {
  it('counts a swap of two neighbours as one edit, anywhere in the word, and nothing else as one', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('abcd', 'abdc')).toBe(1);
    expect(editDistance('abc', 'bac')).toBe(1);
    expect(editDistance('abc', 'cab')).toBe(2);
    expect(editDistance('ab', 'ca')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('Severity', 'SEVERITY')).toBe(0);
  });

  it('suggests within the limit only, the nearest first whatever the order, and a shortening of four letters or more', () => {
    // 'abcdefgh' (limit 2): 2 edits away is close, 3 is not.
    expect(nearestKey('abcdefgh', ['abcdefXY'])).toBe('abcdefXY');
    expect(nearestKey('abcdefgh', ['abcdeXYZ'])).toBeNull();
    expect(nearestKey('update_evry', ['update_every', 'update_evrything'])).toBe('update_every');
    expect(nearestKey('update_evry', ['update_evrything', 'update_every'])).toBe('update_every');
    expect(nearestKey('update_evry', ['update_evxry', 'update_every'])).toBe('update_evxry');
    expect(nearestKey('minute', ['max_per_minute'])).toBe('max_per_minute');
    expect(nearestKey('min', ['max_per_min_xyz'])).toBeNull();
    expect(nearestKey('mins', ['max_minsxyzabc'])).toBe('max_minsxyzabc');
    expect(nearestKey('zzzzzzz', ['max_per_minute'])).toBeNull();
  });

  it('finds the keys under optional, default and pipe wrappers, records, arrays and unions', () => {
    const schema = z
      .object({
        a: z.object({ x: z.number(), y: z.number() }).optional(),
        r: z.record(z.string(), z.object({ p: z.string() })),
        l: z.array(z.object({ q: z.string() })).default([]),
        u: z.union([z.string(), z.object({ k: z.string() })]),
        t: z.string().transform((s) => s.length),
      })
      .optional();
    expect(allowedKeysAt(schema, [])).toEqual(['a', 'r', 'l', 'u', 't']);
    expect(allowedKeysAt(schema, ['a'])).toEqual(['x', 'y']);
    expect(allowedKeysAt(schema, ['r', 'any'])).toEqual(['p']);
    expect(allowedKeysAt(schema, ['l', 0])).toEqual(['q']);
    expect(allowedKeysAt(schema, ['u'])).toEqual(['k']);
    expect(allowedKeysAt(schema, ['t'])).toBeNull();
    expect(allowedKeysAt(schema, ['nope'])).toBeNull();
    expect(allowedKeysAt(schema, ['a', 'x'])).toBeNull();
    expect(allowedKeysAt(z.union([z.string(), z.number()]), [])).toBeNull();
    expect(unknownKeyProblems(schema, ['t'], ['w'])).toEqual(['unknown key `t.w` — remove it']);
  });
});
