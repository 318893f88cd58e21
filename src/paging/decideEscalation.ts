/**
 * What an escalation timer does when it fires, as a pure function of the page, the policy, the user
 * groups' members (loaded from Slack beforehand) and `now`:
 * - `notify`: page the people of a step; `advance`: nobody acknowledged in time, go to the next step;
 * - a step that reaches nobody is skipped at once (the channel is told) and the walk goes on; the walk
 *   is finite because `nextStep` ends;
 * - past the last level and every repeat, the page is exhausted and the channel is told loudly.
 */
import type { Urgency } from '../config/contact';
import type { EscalationPolicy, PolicyConfig } from '../config/policy';
import type { Target } from '../config/targets';
import type { EscalationPayload } from '../outbox';
import { ackTimeoutFor, AD_HOC_LEVEL, nextStep, type Step } from './escalationSteps';
import type { PageOwner } from './pageOwner';
import { resolveTargets, type GroupLookup, type ResolvedTargets } from './targets';

/** The page as the timer loaded it (its row, and whether its incident or alert group still needs it). */
export interface PageState {
  id: number;
  owner: PageOwner;
  state: string;
  level: number;
  cycle: number;
  message: string;
  createdAt: Date;
  adHocTargets: Target[] | null;
  policy: string | null;
  /** The incident is open, or the alert group still firing. */
  ownerOpen: boolean;
  /** Which notification rules the people it pages follow. */
  urgency: Urgency;
}

export interface EscalationInput {
  payload: EscalationPayload;
  page: PageState | null;
  groups: Record<string, GroupLookup>;
  /** The policy's schedules with the overrides stored from Slack (schedules/storedOverrides.ts); absent: the policy's alone. */
  schedules?: PolicyConfig['schedules'];
}

export interface SkippedStep {
  step: Step;
  /** Why it reached nobody ("schedule:primary (nobody on call)"), or empty when it has no targets. */
  empty: string[];
}

export type EscalationDecision =
  /** The page was acknowledged, cancelled or closed, or already moved past this step. */
  | { kind: 'nothing'; why: string }
  | { kind: 'notify'; page: PageState; skipped: SkippedStep[]; step: Step; reached: ResolvedTargets; nextAt: Date }
  | { kind: 'exhausted'; page: PageState; skipped: SkippedStep[] };

/** Every target the page could reach from any step (what `load` must know the user groups of). */
export function allTargets(page: Pick<PageState, 'adHocTargets' | 'policy'>, config: PolicyConfig): Target[] {
  const policy = page.policy ? config.escalationPolicies[page.policy] : undefined;
  return [...(page.adHocTargets ?? []), ...(policy?.levels.flatMap((l) => l.notify) ?? [])];
}

export function targetsOfStep(
  step: Step,
  page: Pick<PageState, 'adHocTargets'>,
  policy: EscalationPolicy | null,
): Target[] {
  return step.level === AD_HOC_LEVEL ? (page.adHocTargets ?? []) : (policy?.levels[step.level]?.notify ?? []);
}

export function decideEscalation(input: EscalationInput, config: PolicyConfig, now: Date): EscalationDecision {
  const { payload, page } = input;
  if (!page) return { kind: 'nothing', why: 'page gone' };
  if (page.state !== 'open' || !page.ownerOpen) return { kind: 'nothing', why: `page ${page.state}` };
  const policy = page.policy ? (config.escalationPolicies[page.policy] ?? null) : null;

  let step: Step;
  if (payload.action === 'advance') {
    // A timer armed for a step the page has already left (an Escalate click got there first) is stale.
    if (page.level !== payload.from.level || page.cycle !== payload.from.cycle)
      return { kind: 'nothing', why: 'page moved on' };
    const next = nextStep(payload.from, policy);
    if (next.kind === 'exhausted') return { kind: 'exhausted', page, skipped: [] };
    step = next.step;
  } else {
    step = payload.step;
  }

  const skipped: SkippedStep[] = [];
  for (;;) {
    const reached = resolveTargets(
      targetsOfStep(step, page, policy),
      { schedules: input.schedules ?? config.schedules, groups: input.groups },
      now,
    );
    if (reached.users.length + reached.channels.length + reached.services.length > 0) {
      return {
        kind: 'notify',
        page,
        skipped,
        step,
        reached,
        nextAt: new Date(now.getTime() + ackTimeoutFor(step, policy)),
      };
    }
    skipped.push({ step, empty: reached.empty });
    const next = nextStep(step, policy);
    if (next.kind === 'exhausted') return { kind: 'exhausted', page, skipped };
    step = next.step;
  }
}
