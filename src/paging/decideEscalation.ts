/**
 * What an escalation timer does when it fires, as a pure function of the page, the policy, the user
 * groups' members (looked up in Slack beforehand, only for the steps the walk reaches: groupsToLookUp)
 * and `now`:
 * - `notify`: page the people of a step; `advance`: nobody acknowledged in time, go to the next step;
 * - a step that reaches nobody is skipped at once (the channel is told) and the walk goes on; the walk
 *   is finite because `nextStep` ends; a user group whose lookup failed is one target that reaches
 *   nobody (with Slack's reason), never a reason to hold the step back;
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
  /** A private incident's: a channel it pages hears its number only. */
  ownerPrivate: boolean;
  /** Its incident's channel is private (it stays so when the incident is made public): the people paged are invited. */
  ownerChannelPrivate: boolean;
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

/** The walk has reached a step with user groups not looked up yet: `load` looks them up and asks again. */
interface LookUp {
  kind: 'lookUp';
  groupIds: string[];
}

/** The user groups among `targets` whose members `groups` does not hold (each once). */
export function unknownGroups(targets: Target[], groups: Record<string, GroupLookup>): string[] {
  return [...new Set(targets.flatMap((t) => (t.kind === 'usergroup' && !groups[t.id] ? [t.id] : [])))];
}

export function targetsOfStep(
  step: Step,
  page: Pick<PageState, 'adHocTargets'>,
  policy: EscalationPolicy | null,
): Target[] {
  return step.level === AD_HOC_LEVEL ? (page.adHocTargets ?? []) : (policy?.levels[step.level]?.notify ?? []);
}

export function decideEscalation(input: EscalationInput, config: PolicyConfig, now: Date): EscalationDecision {
  return walk(input, config, now, false);
}

/**
 * The user groups to look up before deciding: those of the first step the walk reaches whose groups
 * are not in `input.groups` yet; none once it can decide. Asked again after each lookup, it names the
 * groups of a later step only when every step before it reaches nobody.
 */
export function groupsToLookUp(input: EscalationInput, config: PolicyConfig, now: Date): string[] {
  const next = walk(input, config, now, true);
  return next.kind === 'lookUp' ? next.groupIds : [];
}

function walk(input: EscalationInput, config: PolicyConfig, now: Date, stopForGroups: false): EscalationDecision;
function walk(
  input: EscalationInput,
  config: PolicyConfig,
  now: Date,
  stopForGroups: true,
): EscalationDecision | LookUp;
function walk(
  input: EscalationInput,
  config: PolicyConfig,
  now: Date,
  stopForGroups: boolean,
): EscalationDecision | LookUp {
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
    const targets = targetsOfStep(step, page, policy);
    const missing = unknownGroups(targets, input.groups);
    if (stopForGroups && missing.length > 0) return { kind: 'lookUp', groupIds: missing };
    const reached = resolveTargets(
      targets,
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
