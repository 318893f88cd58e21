/** `/incident stats`: its figures, checked against a fixed set of incidents worked out by hand. */
import {
  computeStats,
  parseStatsWindow,
  percentiles,
  statsText,
  type StatsFollowUp,
  type StatsIncident,
  type StatsInput,
} from '../../../src/postmortem/stats';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = new Date('2026-03-01T00:00:00Z').getTime();
const WINDOW = { label: '30d', from: new Date(T0 - 10 * DAY), to: new Date(T0 + 20 * DAY) };

let seq = 0;
/** An incident declared at T0 + seq hours, acknowledged / resolved the given minutes later (null = not yet). */
function inc(
  severity: string,
  ackMin: number | null,
  resolveMin: number | null,
  postmortemRequired = false,
  postmortemDone = false,
): StatsIncident {
  const declared = T0 + seq++ * HOUR;
  return {
    severity,
    declaredAt: new Date(declared),
    acknowledgedAt: ackMin === null ? null : new Date(declared + ackMin * MIN),
    resolvedAt: resolveMin === null ? null : new Date(declared + resolveMin * MIN),
    postmortemRequired,
    postmortemDone,
  };
}

const SEVERITIES: StatsInput['severities'] = [
  { key: 'SEV1', mttaTargetMs: 5 * MIN, mttrTargetMs: 4 * HOUR },
  { key: 'SEV2', mttaTargetMs: 15 * MIN, mttrTargetMs: 24 * HOUR },
  { key: 'SEV3', mttaTargetMs: null, mttrTargetMs: null },
];

// Twelve incidents, interleaved so the order of the input does not matter.
const INCIDENTS: StatsIncident[] = [
  inc('SEV2', 10, 120, true, false), // F
  inc('SEV1', 5, 300, true, true), //   C
  inc('SEV3', 30, 90), //               J
  inc('SEV1', 2, 60, true, true), //    A
  inc('SEV2', null, 45, false, true), // H: done but not required, so not counted
  inc('SEV2', 20, 1440, true, true), // G
  inc('SEV3', 3, null), //              K
  inc('SEV1', 9, null, true, false), // D
  inc('SEV2', 1, 30, true, true), //    E
  inc('SEV1', 4, 180, true, true), //   B
  inc('SEV3', null, null), //           L
  inc('SEV2', 14, 600, true, false), // I
];

const TODAY = '2026-03-20';
const FOLLOW_UPS: StatsFollowUp[] = [
  { status: 'outstanding', due: '2026-03-19' }, // overdue
  { status: 'outstanding', due: '2026-03-20' }, // due today: open, not overdue
  { status: 'outstanding', due: null }, //         open, no due date
  { status: 'outstanding', due: '2026-03-01' }, // overdue
  { status: 'outstanding', due: '2026-04-01' }, // open
  { status: 'completed', due: '2026-03-01' }, //   past due but done: not overdue
  { status: 'completed', due: null },
  { status: 'not_doing', due: '2026-03-02' },
];

const INPUT: StatsInput = {
  window: WINDOW,
  severities: SEVERITIES,
  incidents: INCIDENTS,
  followUps: FOLLOW_UPS,
  today: TODAY,
};

describe('computeStats on the seeded set', () => {
  const stats = computeStats(INPUT);

  it('matches the figures worked out by hand', () => {
    expect(stats).toEqual({
      window: WINDOW,
      total: 12,
      bySeverity: [
        {
          // SEV1: A B C D. MTTA sorted [2, 4, 5, 9] m, n 4: median idx ceil(2)−1 = 1 → 4m; p90 idx ceil(3.6)−1 = 3 → 9m.
          // Met < 5m: 2 and 4 (5 is not strictly below) → 2.
          // MTTR (D unresolved) [60, 180, 300] m, n 3: median idx ceil(1.5)−1 = 1 → 180m; p90 idx ceil(2.7)−1 = 2 → 300m.
          // Met < 240m: 60, 180 → 2.
          severity: 'SEV1',
          count: 4,
          mtta: { n: 4, median: 4 * MIN, p90: 9 * MIN },
          mttr: { n: 3, median: 180 * MIN, p90: 300 * MIN },
          mttaTargetMs: 5 * MIN,
          mttrTargetMs: 4 * HOUR,
          mttaMet: 2,
          mttrMet: 2,
        },
        {
          // SEV2: E F G H I. MTTA (H unacknowledged) [1, 10, 14, 20] m: median idx 1 → 10m; p90 idx 3 → 20m. Met < 15m: 1, 10, 14 → 3.
          // MTTR [30, 45, 120, 600, 1440] m, n 5: median idx ceil(2.5)−1 = 2 → 120m; p90 idx ceil(4.5)−1 = 4 → 1440m.
          // Met < 1440m: all but G (exactly 24h) → 4.
          severity: 'SEV2',
          count: 5,
          mtta: { n: 4, median: 10 * MIN, p90: 20 * MIN },
          mttr: { n: 5, median: 120 * MIN, p90: 1440 * MIN },
          mttaTargetMs: 15 * MIN,
          mttrTargetMs: 24 * HOUR,
          mttaMet: 3,
          mttrMet: 4,
        },
        {
          // SEV3: J K L, no targets. MTTA [3, 30] m, n 2: median idx ceil(1)−1 = 0 → 3m; p90 idx ceil(1.8)−1 = 1 → 30m.
          // MTTR [90] m: median = p90 = 90m. No target, so nothing is counted as met.
          severity: 'SEV3',
          count: 3,
          mtta: { n: 2, median: 3 * MIN, p90: 30 * MIN },
          mttr: { n: 1, median: 90 * MIN, p90: 90 * MIN },
          mttaTargetMs: null,
          mttrTargetMs: null,
          mttaMet: 0,
          mttrMet: 0,
        },
      ],
      // Required: SEV1 A B C D (4) + SEV2 E F G I (4) = 8; done: A B C + E G = 5; 5/8 = 0.625.
      postmortems: { required: 8, done: 5, rate: 0.625 },
      // Outstanding: 5, of which due before 2026-03-20: 03-19 and 03-01 → 2 overdue.
      followUps: { open: 5, overdue: 2, completed: 2, notDoing: 1 },
      hiddenPrivate: 0,
    });
  });

  it('gives the same figures whatever the order of the incidents', () => {
    expect(computeStats({ ...INPUT, incidents: [...INCIDENTS].reverse() })).toEqual(stats);
  });

  it('writes the answer with each figure against its target', () => {
    const text = statsText(stats);
    const lines = text.split('\n');
    expect(lines).toEqual([
      '*Incident stats, last 30d*: 12 incidents declared',
      '• *SEV1*: 4 incidents · MTTA median 4m, p90 9m (target < 5m: 2 of 4 met) · MTTR median 3h, p90 5h (target < 4h: 2 of 3 met)',
      '• *SEV2*: 5 incidents · MTTA median 10m, p90 20m (target < 15m: 3 of 4 met) · MTTR median 2h, p90 1d (target < 1d: 4 of 5 met)',
      '• *SEV3*: 3 incidents · MTTA median 3m, p90 30m · MTTR median 1h 30m, p90 1h 30m',
      'Post-mortems: 5 of 8 done (63%)',
      'Follow-ups: 5 open, 2 overdue · 2 completed · 1 not doing',
    ]);
  });
});

describe('private incidents the asker is not in', () => {
  it('are a count on a line of their own, in no figure', () => {
    const text = statsText(computeStats({ ...INPUT, hiddenPrivate: 2 }));
    expect(text.split('\n').slice(0, 1)).toEqual(['*Incident stats, last 30d*: 12 incidents declared']);
    expect(text.split('\n').at(-1)).toBe(
      '2 private incidents not shown: only their members see them, and they are in none of these figures.',
    );
  });

  it('are counted even when nothing else was declared', () => {
    const text = statsText(computeStats({ ...INPUT, incidents: [], followUps: [], hiddenPrivate: 1 }));
    expect(text).toBe(
      '*Incident stats, last 30d*: 0 incidents declared\n1 private incident not shown: only their members see them, and they are in none of these figures.',
    );
  });
});

describe('computeStats on edge cases', () => {
  it('reports an empty window as zeros, listing the policy severities', () => {
    const stats = computeStats({ ...INPUT, incidents: [], followUps: [] });
    expect(stats.total).toBe(0);
    expect(stats.bySeverity.map((s) => [s.severity, s.count, s.mtta, s.mttr, s.mttaMet, s.mttrMet])).toEqual([
      ['SEV1', 0, null, null, 0, 0],
      ['SEV2', 0, null, null, 0, 0],
      ['SEV3', 0, null, null, 0, 0],
    ]);
    expect(stats.postmortems).toEqual({ required: 0, done: 0, rate: null });
    expect(stats.followUps).toEqual({ open: 0, overdue: 0, completed: 0, notDoing: 0 });
    expect(statsText(stats)).toBe(
      '*Incident stats, last 30d*: 0 incidents declared\nNo incidents were declared in this window.',
    );
    expect(computeStats({ ...INPUT, severities: [], incidents: [], followUps: [] }).bySeverity).toEqual([]);
  });

  it('appends severities missing from the policy after the policy ones, sorted', () => {
    const stats = computeStats({
      ...INPUT,
      incidents: [inc('legacy', 1, 2), inc('SEV2', 1, null), inc('P0', null, null)],
      followUps: [],
    });
    expect(stats.bySeverity.map((s) => [s.severity, s.count])).toEqual([
      ['SEV1', 0],
      ['SEV2', 1],
      ['SEV3', 0],
      ['P0', 1],
      ['legacy', 1],
    ]);
    expect(stats.bySeverity[4]).toMatchObject({ mttaTargetMs: null, mttrTargetMs: null, mttaMet: 0, mttrMet: 0 });
    const text = statsText(stats);
    expect(text).toContain('• *SEV1*: no incidents');
    expect(text).toContain(
      '• *SEV2*: 1 incident · MTTA median 1m, p90 1m (target < 15m: 1 of 1 met) · MTTR: none resolved',
    );
    expect(text).toContain('• *P0*: 1 incident · MTTA: none acknowledged · MTTR: none resolved');
    expect(text).toContain('Post-mortems: none required');
  });

  it('counts an acknowledgement stamped before the declaration (clock skew) as 0', () => {
    const stats = computeStats({ ...INPUT, incidents: [inc('SEV1', -3, 10)], followUps: [] });
    expect(stats.bySeverity[0]).toMatchObject({ mtta: { n: 1, median: 0, p90: 0 }, mttaMet: 1 });
  });

  it('escapes severity keys and stays under 3,000 characters whatever the input', () => {
    const many = Array.from({ length: 400 }, (_, i) => inc(`<!channel> ${'x'.repeat(200)} ${i}`, 1, 2, true, false));
    const text = statsText(
      computeStats({ ...INPUT, window: { ...WINDOW, label: '<!here>'.repeat(50) }, incidents: many, followUps: [] }),
    );
    expect(text.length).toBeLessThan(3_000);
    expect(text).not.toContain('<!');
    expect(text).toMatch(/• …and \d+ more severities\n/);
    expect(
      text.endsWith('Post-mortems: 0 of 400 done (0%)\nFollow-ups: 0 open, 0 overdue · 0 completed · 0 not doing'),
    ).toBe(true);
  });
});

describe('percentiles (nearest rank)', () => {
  it('is null when there are no values', () => {
    expect(percentiles([])).toBeNull();
  });

  it('takes the value at index ceil(p/100 × n) − 1 of the sorted values', () => {
    expect(percentiles([7])).toEqual({ n: 1, median: 7, p90: 7 });
    expect(percentiles([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual({ n: 10, median: 5, p90: 9 });
    // n 70: median idx ceil(35)−1 = 34 → 35; p90 idx ceil(63)−1 = 62 → 63.
    expect(percentiles(Array.from({ length: 70 }, (_, i) => i + 1))).toEqual({ n: 70, median: 35, p90: 63 });
  });

  it('leaves its input in order', () => {
    const values = [3, 1, 2];
    percentiles(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('parseStatsWindow', () => {
  it('defaults to 30 days when empty', () => {
    expect(parseStatsWindow('')).toEqual({ label: '30d', ms: 30 * DAY });
    expect(parseStatsWindow('   ')).toEqual({ label: '30d', ms: 30 * DAY });
  });

  it('accepts 7d, 30d and 90d', () => {
    expect(parseStatsWindow('7d')).toEqual({ label: '7d', ms: 7 * DAY });
    expect(parseStatsWindow(' 30d ')).toEqual({ label: '30d', ms: 30 * DAY });
    expect(parseStatsWindow('90D')).toEqual({ label: '90d', ms: 90 * DAY });
  });

  it('refuses anything else', () => {
    for (const text of ['14d', '30', '1w', 'month', '30d 7d', '-30d', 'constructor', 'toString'])
      expect(parseStatsWindow(text)).toBeNull();
  });
});
