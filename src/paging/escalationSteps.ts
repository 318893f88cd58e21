/**
 * Escalation as pure steps. A page walks an optional ad-hoc level (the people typed in `/page`, level
 * -1) and then the incident's policy levels 0..n-1, `repeat` more times, until someone acknowledges.
 * The engine asks `nextStep` when a level's ack timeout passes (or someone presses Escalate) and
 * `ackTimeoutFor` to know when to ask again. Nothing here reads the clock or does IO.
 */
import { DEFAULT_ACK_TIMEOUT_MS, EscalationPolicy } from '../config/policy';

export const AD_HOC_LEVEL = -1;

export interface Step {
  level: number;
  cycle: number;
}

export type NextStep = { kind: 'step'; step: Step } | { kind: 'exhausted' };

/** Where a page starts: the ad-hoc targets if any, else level 0 of the policy. */
export function firstStep(hasAdHocTargets: boolean): Step {
  return { level: hasAdHocTargets ? AD_HOC_LEVEL : 0, cycle: 0 };
}

export function nextStep(current: Step, policy: EscalationPolicy | null): NextStep {
  if (!policy) return { kind: 'exhausted' };
  if (current.level === AD_HOC_LEVEL) return { kind: 'step', step: { level: 0, cycle: 0 } };
  if (current.level + 1 < policy.levels.length) {
    return { kind: 'step', step: { level: current.level + 1, cycle: current.cycle } };
  }
  if (current.cycle < policy.repeat) return { kind: 'step', step: { level: 0, cycle: current.cycle + 1 } };
  return { kind: 'exhausted' };
}

/** How long a step waits for an acknowledgement. Ad-hoc pages wait as long as the policy's first level. */
export function ackTimeoutFor(step: Step, policy: EscalationPolicy | null): number {
  if (!policy) return DEFAULT_ACK_TIMEOUT_MS;
  const level = policy.levels[step.level === AD_HOC_LEVEL ? 0 : step.level];
  return level?.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
}

/** "level 2" / "level 1 (repeat 1)" / "the people paged directly" — for the channel and timeline. */
export function describeStep(step: Step): string {
  if (step.level === AD_HOC_LEVEL) return 'the people paged directly';
  return step.cycle > 0 ? `level ${step.level + 1} (repeat ${step.cycle})` : `level ${step.level + 1}`;
}
