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
