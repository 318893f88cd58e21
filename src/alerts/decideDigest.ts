/**
 * Storms: when new alert groups come to a channel faster than Slack posts there (about one message a
 * second per channel), the ones past the channel's share of the minute join one digest message,
 * edited as they change, instead of queueing a message each behind the others. Pure: functions of
 * counts, the policy and now; digest.ts does the IO.
 * - Admission: a channel takes `max_per_minute` new groups a minute as messages of their own (the most
 *   urgent of a flush first); the rest join the channel's digest. Every new group counts, digested or
 *   not, so a storm that lasts keeps its digest, and a minute after it ends new groups get their own
 *   messages again.
 * - A digest takes new groups while its channel stays that busy: one whose last group joined over a
 *   minute ago is finished, and the next storm starts another.
 * - A digested group stays in it when acknowledged, escalated, resolved or firing again (the digest is
 *   edited); news people must act on in the channel (an incident declared from it, its page failing
 *   to reach someone, or answered by nobody at any level) gives it a message of its own, with that
 *   news in its thread.
 */
import type { PolicyConfig } from '../config/policy';
import { routeFor } from '../config/alertRoutes';
import { severityFromInput } from '../config/severities';

/** The window the channel's rate is counted over. */
export const DIGEST_WINDOW_MS = 60_000;

/**
 * Lower is more urgent: groups whose route pages at once, then those that page later, then post-only
 * ones; within each, the severity the label names as `/incident` reads it (`critical` is SEV1), then
 * labels that name none.
 */
export function urgencyOf(
  config: Pick<PolicyConfig, 'alerts' | 'severities'>,
  group: { integration: string; severity: string | null },
): number {
  const integration = config.alerts[group.integration];
  const route = integration ? routeFor(integration, group.severity).route : null;
  const paging = !route?.policy ? 2 : route.pageAfterMs === 0 ? 0 : 1;
  const named = group.severity ? severityFromInput(group.severity, config.severities) : null;
  const severity = named ? config.severities.indexOf(named) : config.severities.length;
  return paging * (config.severities.length + 1) + severity;
}

export interface Admission<G> {
  /** Posted as messages of their own. */
  own: G[];
  /** Joining the channel's digest. */
  digested: G[];
}

/**
 * The new groups of one flush for one channel. `recent`: new groups the channel had within the window
 * before these. The channel's share goes to the most urgent, then the first opened.
 */
export function decideAdmission<G extends { id: number; urgency: number }>(
  groups: G[],
  recent: number,
  maxPerMinute: number,
): Admission<G> {
  const allowance = Math.max(0, maxPerMinute - recent);
  const ranked = [...groups].sort((a, b) => a.urgency - b.urgency || a.id - b.id);
  return { own: ranked.slice(0, allowance), digested: ranked.slice(allowance) };
}

/** Whether the channel's latest digest still takes new groups: one joined it within the window. */
export function digestTakesGroups(lastJoinedAt: Date, now: Date): boolean {
  return now.getTime() - lastJoinedAt.getTime() < DIGEST_WINDOW_MS;
}

/** What a reply for a group's thread does, by whether the group is in a digest now. */
export type ThreadPostFate = 'post' | 'skip' | 'leave-digest';

export function decideThreadPost(inDigest: boolean, post: { leavesDigest?: boolean }): ThreadPostFate {
  if (!inDigest) return 'post';
  return post.leavesDigest ? 'leave-digest' : 'skip';
}
