import { DEFAULT_SEVERITIES } from '../../../src/config/policy';
import { describeSeverities, severityByKey, severityFromInput } from '../../../src/config/severities';
import { fixturePolicy } from '../../fixtures/policy';

describe('severityFromInput: the ways people write a severity', () => {
  const configured = fixturePolicy().severities;
  test.each([
    ['2', 'SEV2'],
    ['SEV2', 'SEV2'],
    ['sev2', 'SEV2'],
    ['SEV-2', 'SEV2'],
    ['sev 2', 'SEV2'],
    ['Sev_2', 'SEV2'],
    ['P2', 'SEV2'],
    ['p-2', 'SEV2'],
    ['major', 'SEV2'],
    ['MAJOR', 'SEV2'],
    [' 2 ', 'SEV2'],
    ['1', 'SEV1'],
    ['critical', 'SEV1'],
    ['3', 'SEV3'],
    ['minor', 'SEV3'],
    ['4', 'SEV4'],
    ['low', 'SEV4'],
  ])('%j → %s', (input, key) => {
    expect(severityFromInput(input, configured)?.key).toBe(key);
    expect(severityFromInput(input, DEFAULT_SEVERITIES)?.key).toBe(key);
  });

  test.each(['', '   ', '5', 'SEV5', 'P0', 'blocker', 'sev', 'SEV1 2'])('%j → not a severity', (input) => {
    expect(severityFromInput(input, configured)).toBeNull();
  });

  test("a key wins over another severity's alias", () => {
    const odd = [
      {
        key: 'A',
        aliases: ['B'],
        description: null,
        updateEveryMs: null,
        policy: null,
        pageOnDeclare: false,
        mttaTargetMs: null,
        mttrTargetMs: null,
        reviewWithinMs: null,
        urgency: 'low' as const,
        private: false,
      },
      {
        key: 'B',
        aliases: [],
        description: null,
        updateEveryMs: null,
        policy: null,
        pageOnDeclare: false,
        mttaTargetMs: null,
        mttrTargetMs: null,
        reviewWithinMs: null,
        urgency: 'low' as const,
        private: false,
      },
    ];
    expect(severityFromInput('b', odd)?.key).toBe('B');
  });
});

describe('describeSeverities', () => {
  test('lists every key with its aliases, most severe first', () => {
    expect(describeSeverities(DEFAULT_SEVERITIES)).toBe(
      'SEV1 (1, P1, critical), SEV2 (2, P2, major), SEV3 (3, P3, minor), SEV4 (4, P4, low)',
    );
  });
  test('a severity without aliases is just its key', () => {
    expect(describeSeverities([{ ...DEFAULT_SEVERITIES[0], key: 'X', aliases: [] }])).toBe('X');
  });
});

describe('severityByKey', () => {
  test('exact key only', () => {
    expect(severityByKey('SEV3', DEFAULT_SEVERITIES)?.updateEveryMs).toBe(3_600_000);
    expect(severityByKey('3', DEFAULT_SEVERITIES)).toBeNull();
  });
});
