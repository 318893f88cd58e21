/**
 * What a body of alerts does to its group, as pure functions of the group as it was, the alerts, the
 * route and now. intake.ts does the IO around them.
 * - A firing alert for a key with no live group opens one; only resolved ones for it are ignored
 *   (nothing to resolve, and a resolved alert must never page).
 * - A resolved group that fires again within the integration's reopen window reopens; later, the old
 *   group is retired and a new one opens (a new message, a new page).
 * - A reopening keeps of the last opening only an incident still open (planReopen): an acknowledgement
 *   lasts its opening, and a closed incident handles nothing.
 * - A group resolves when none of its alerts fires.
 * - A group follows the most severe alert that fired in it since it opened (config/alerts.ts,
 *   routeRank): a more severe one joining raises its route (planRaise); nothing lowers it.
 */
import type { AlertRoute } from '../config/alerts';

export interface GroupBefore {
  state: string;
  resolvedAt: Date | null;
}

export type GroupVerdict =
  { kind: 'ignore'; why: string } | { kind: 'open' } | { kind: 'reopen' } | { kind: 'replace' } | { kind: 'update' };

/** `anyFiring`: an alert of the body starts firing (new to the group, or resolved before). */
export function judgeGroup(
  before: GroupBefore | null,
  anyFiring: boolean,
  reopenWithinMs: number,
  now: Date,
): GroupVerdict {
  if (!before)
    return anyFiring ? { kind: 'open' } : { kind: 'ignore', why: 'resolved alerts for a group that is not open' };
  if (before.state !== 'resolved') return { kind: 'update' };
  if (!anyFiring) return { kind: 'update' }; // more resolved news for a resolved group: counted, nothing else
  const since = now.getTime() - (before.resolvedAt?.getTime() ?? 0);
  return since <= reopenWithinMs ? { kind: 'reopen' } : { kind: 'replace' };
}

/** The incident declared from a group, as it stands (null: none, or gone). */
export interface LinkedIncident {
  closedAt: Date | null;
}

/**
 * Whether someone has the group in hand, so its route pages nobody: the incident declared from it is
 * still open, or it was acknowledged in this opening (a reopening clears an older acknowledgement,
 * planReopen) and not before its incident closed. An acknowledgement made while an incident was
 * declared or about to be was handed over to that incident and ends with it: the same alerts firing,
 * or a more severe one joining, after it closed are a problem again.
 */
export function isHandled(group: { acknowledgedAt: Date | null }, incident: LinkedIncident | null): boolean {
  if (incident && incident.closedAt === null) return true;
  if (group.acknowledgedAt === null) return false;
  return incident === null || group.acknowledgedAt.getTime() > incident.closedAt!.getTime();
}

export interface ReopenPlan {
  /** The reopening pages nobody: the incident declared from the group is still open. */
  handled: boolean;
  /** The acknowledgement was for the last opening. */
  clearAcknowledgement: boolean;
  /** The incident was the last opening's, and is closed: the group may be declared again. */
  unlinkIncident: boolean;
}

/**
 * What a reopening keeps of the group's last opening. An open incident declared from it keeps it
 * handled, its acknowledgement with it (those people are on it). Otherwise the acknowledgement belonged
 * to the last opening and goes, as does the link to a closed incident: the group pages by its route,
 * as a new one would.
 */
export function planReopen(
  group: { acknowledgedAt: Date | null; incidentId: number | null },
  incident: LinkedIncident | null,
): ReopenPlan {
  const incidentLive = incident !== null && incident.closedAt === null;
  return {
    handled: incidentLive,
    clearAcknowledgement: !incidentLive && group.acknowledgedAt !== null,
    unlinkIncident: group.incidentId !== null && !incidentLive,
  };
}

/** What a firing group lets go of when its incident has closed (planLetGo). */
export interface LetGoPlan {
  unlinkIncident: boolean;
  clearAcknowledgement: boolean;
}

/**
 * A group still firing when the incident declared from it closed, and something new happens to it (a
 * more severe alert joins): the closed incident no longer holds it. The link goes (it may be declared
 * again), and so does an acknowledgement given before the close, which was handed to that incident; one
 * given after the close is someone on it now and stays. As planReopen does for a reopening.
 */
export function planLetGo(
  group: { acknowledgedAt: Date | null; incidentId: number | null },
  incident: LinkedIncident | null,
): LetGoPlan {
  const closedAt = incident?.closedAt ?? null;
  const unlinkIncident = group.incidentId !== null && (incident === null || closedAt !== null);
  return {
    unlinkIncident,
    clearAcknowledgement:
      unlinkIncident &&
      group.acknowledgedAt !== null &&
      closedAt !== null &&
      group.acknowledgedAt.getTime() <= closedAt.getTime(),
  };
}

/** What happens when a group opens (or reopens): page now, page later, declare later. */
export interface OpeningPlan {
  pageNow: boolean;
  /** page_after: page then if still firing and nobody acknowledged. */
  pageAt: Date | null;
  /** declare (after declare_after). */
  declareAt: Date | null;
}

/** `handled` (isHandled): a reopening or raise of such a group is news in its thread, not a new page. */
export function planOpening(route: AlertRoute, openedAt: Date, handled: boolean): OpeningPlan {
  const at = (ms: number) => new Date(openedAt.getTime() + ms);
  const pages = route.policy !== null && !handled;
  return {
    pageNow: pages && route.pageAfterMs === 0,
    pageAt: pages && route.pageAfterMs > 0 ? at(route.pageAfterMs) : null,
    declareAt: route.declare && !handled ? at(route.declareAfterMs) : null,
  };
}

/**
 * A more severe alert joined an open group: its route applies as if it had been the group's since the
 * group opened. Its page_after already past → page now; else page (and declare) at its times, which the
 * caller only ever moves earlier. A handled group pages nobody, as at its opening.
 */
export function planRaise(route: AlertRoute, openedAt: Date, handled: boolean, now: Date): OpeningPlan {
  const plan = planOpening(route, openedAt, handled);
  const past = (at: Date | null) => at !== null && at.getTime() <= now.getTime();
  return {
    pageNow: plan.pageNow || past(plan.pageAt),
    pageAt: past(plan.pageAt) ? null : plan.pageAt,
    declareAt: past(plan.declareAt) ? now : plan.declareAt,
  };
}

/** The group's state once this body's alerts are stored: resolved when nothing in it fires. */
export function stateAfter(firing: number): 'firing' | 'resolved' {
  return firing > 0 ? 'firing' : 'resolved';
}

/** A page_after or declare timer fires: act only for the opening it was armed for, while it still matters. */
export type GroupTimerDecision = { kind: 'act' } | { kind: 'nothing'; why: string };

export function decideGroupTimer(
  group: {
    state: string;
    openedAt: Date;
    acknowledgedAt: Date | null;
    incidentId: number | null;
    pageOpen: boolean;
  } | null,
  armedFor: string,
  what: 'page' | 'declare',
): GroupTimerDecision {
  if (!group) return { kind: 'nothing', why: 'group gone' };
  if (group.openedAt.toISOString() !== armedFor) return { kind: 'nothing', why: 'armed for an earlier opening' };
  if (group.state !== 'firing') return { kind: 'nothing', why: 'resolved' };
  if (group.incidentId !== null) return { kind: 'nothing', why: 'an incident was declared' };
  if (what === 'page' && group.acknowledgedAt) return { kind: 'nothing', why: 'acknowledged' };
  if (what === 'page' && group.pageOpen) return { kind: 'nothing', why: 'already paging' };
  return { kind: 'act' };
}
