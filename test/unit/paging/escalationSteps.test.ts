import { DEFAULT_ACK_TIMEOUT_MS, EscalationPolicy } from '../../../src/config/policy';
import {
  ackTimeoutFor,
  AD_HOC_LEVEL,
  describeStep,
  firstStep,
  nextStep,
  NextStep,
  Step,
} from '../../../src/paging/escalationSteps';
import { jobKey } from '../../../src/outbox/keys';
import { fixturePolicy } from '../../fixtures/policy';

const critical: EscalationPolicy = fixturePolicy().escalationPolicies.critical;

/** Walks nextStep from a start until exhausted; the list of steps a page goes through. */
function walk(start: Step, policy: EscalationPolicy | null): Step[] {
  const steps = [start];
  for (let n = 0; n < 100; n++) {
    const next: NextStep = nextStep(steps[steps.length - 1], policy);
    if (next.kind === 'exhausted') return steps;
    steps.push(next.step);
  }
  throw new Error('escalation never ends');
}

describe('firstStep', () => {
  test('ad-hoc targets first, else policy level 0', () => {
    expect(firstStep(true)).toEqual({ level: AD_HOC_LEVEL, cycle: 0 });
    expect(firstStep(false)).toEqual({ level: 0, cycle: 0 });
  });
});

describe('nextStep', () => {
  test('the example policy: 3 levels, then once more, then exhausted', () => {
    expect(walk(firstStep(false), critical)).toEqual([
      { level: 0, cycle: 0 },
      { level: 1, cycle: 0 },
      { level: 2, cycle: 0 },
      { level: 0, cycle: 1 },
      { level: 1, cycle: 1 },
      { level: 2, cycle: 1 },
    ]);
  });

  test('ad-hoc level goes to policy level 0', () => {
    expect(nextStep({ level: AD_HOC_LEVEL, cycle: 0 }, critical)).toEqual({
      kind: 'step',
      step: { level: 0, cycle: 0 },
    });
    expect(walk(firstStep(true), critical)).toHaveLength(7);
  });

  test.each([0, 1, 3])('repeat %i → levels run repeat+1 times', (repeat) => {
    const policy = { ...critical, repeat };
    expect(walk(firstStep(false), policy)).toHaveLength(critical.levels.length * (repeat + 1));
  });

  test('one level, no repeat: exhausted straight away', () => {
    const single = { ...critical, levels: critical.levels.slice(0, 1), repeat: 0 };
    expect(nextStep({ level: 0, cycle: 0 }, single)).toEqual({ kind: 'exhausted' });
  });

  test('no policy: exhausted, from ad-hoc or any level', () => {
    expect(nextStep({ level: AD_HOC_LEVEL, cycle: 0 }, null)).toEqual({ kind: 'exhausted' });
    expect(nextStep({ level: 0, cycle: 0 }, null)).toEqual({ kind: 'exhausted' });
  });
});

describe('ackTimeoutFor', () => {
  test.each<[Step, number]>([
    [{ level: 0, cycle: 0 }, 5 * 60_000],
    [{ level: 1, cycle: 0 }, 10 * 60_000],
    [{ level: 2, cycle: 1 }, DEFAULT_ACK_TIMEOUT_MS], // level written without ack_timeout
    [{ level: AD_HOC_LEVEL, cycle: 0 }, 5 * 60_000], // as long as level 0
  ])('%j → %i ms', (step, ms) => {
    expect(ackTimeoutFor(step, critical)).toBe(ms);
  });

  test('ad-hoc page without a policy waits the default', () => {
    expect(ackTimeoutFor({ level: AD_HOC_LEVEL, cycle: 0 }, null)).toBe(DEFAULT_ACK_TIMEOUT_MS);
  });
});

describe('describeStep and the page DM job key', () => {
  test.each<[Step, string]>([
    [{ level: AD_HOC_LEVEL, cycle: 0 }, 'the people paged directly'],
    [{ level: 0, cycle: 0 }, 'level 1'],
    [{ level: 2, cycle: 1 }, 'level 3 (repeat 1)'],
  ])('%j → %s', (step, text) => {
    expect(describeStep(step)).toBe(text);
  });

  test('keys differ per cycle, level and user; same inputs give the same key', () => {
    const keys = new Set([
      jobKey.pageDm(7, { level: 0, cycle: 0 }, 'U1'),
      jobKey.pageDm(7, { level: 0, cycle: 1 }, 'U1'),
      jobKey.pageDm(7, { level: 1, cycle: 0 }, 'U1'),
      jobKey.pageDm(7, { level: 0, cycle: 0 }, 'U2'),
      jobKey.pageDm(8, { level: 0, cycle: 0 }, 'U1'),
    ]);
    expect(keys.size).toBe(5);
    // Made of its inputs alone (no time, no random part), so a retry of the same DM computes the same key.
    expect(jobKey.pageDm(7, { level: 0, cycle: 0 }, 'U1')).toBe('page:7:c0:l0:U1');
  });
});

describe('how long the people paged directly have to acknowledge', () => {
  it("is the policy's first level's timeout, not the default", () => {
    const policy: EscalationPolicy = { ...critical, levels: [{ ...critical.levels[0], ackTimeoutMs: 42_000 }] };
    expect(ackTimeoutFor({ level: AD_HOC_LEVEL, cycle: 0 }, policy)).toBe(42_000);
    expect(ackTimeoutFor({ level: 3, cycle: 0 }, policy)).toBe(DEFAULT_ACK_TIMEOUT_MS);
  });
});
