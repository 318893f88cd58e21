/**
 * Every kind of outbox job, which lane it runs in, and what its payload holds.
 * - lane `timer`: a durable timer, run as load → decide → apply (see runner.ts);
 * - lane `slack`: a write to Slack, sent with no transaction open.
 */
/** An escalation step: a policy level (-1: the people paged directly) on a pass (cycle) through the policy. */
type Step = { level: number; cycle: number };

export const JOB = {
  provision: 'incident.provision',
  /** After the set-up grace period: a channel that still does not exist is handed to a human. */
  provisionCheck: 'incident.setup-check',
  post: 'slack.post',
  refreshSummary: 'summary.refresh',
  invite: 'slack.invite',
  pageDm: 'page.dm',
  pageDmUpdate: 'page.dm-update',
  /** A step of a paged person's notification rule beyond Slack: an SMS, call, email or webhook. */
  pageContact: 'page.contact',
  /** A page handed to a PagerDuty service: trigger it, and acknowledge / resolve it as the page goes. */
  pagerDutyEvent: 'pagerduty.event',
  postmortem: 'postmortem.post',
  escalation: 'escalation',
  cadence: 'cadence.reminder',
  stakeholderNotice: 'unresolved.notice',
  handoff: 'schedule.handoff',
  retention: 'retention.purge',
  /** A follow-up's due date: DM its owner while it is still outstanding. */
  actionItemDue: 'action.due',
  /** The post-mortem review's due time: remind the IC while it is not marked done. */
  reviewDue: 'postmortem.review-due',
  /** Archive the incident channel after the post-mortem is done. */
  archive: 'incident.archive',
  /** Post or edit an alert group's message in its integration's channel (coalesced: one per group). */
  alertMessage: 'alert.message',
  /** A reply in an alert group's thread (paging news for a page that belongs to the group). */
  alertThreadPost: 'alert.thread-post',
  /** Post or edit a channel's alert digest: the new groups that came faster than the channel takes messages. */
  alertDigest: 'alert.digest',
  /** A route's page_after: page if the group is still firing and nobody acknowledged it. */
  alertPageAfter: 'alert.page-after',
  /** A route's declare (after declare_after): declare an incident from a group still firing. */
  alertDeclare: 'alert.declare',
  /** Every minute: re-publish the App Home of everyone who opened it lately (one publish job each). */
  homeRefresh: 'home.refresh',
  /** views.publish of one person's App Home, when they open it or from homeRefresh (coalesced: one per person). */
  homePublish: 'home.publish',
  /** Set a schedule's Slack user group to who is on call now (schedules/usergroupSync.ts). */
  usergroupSync: 'usergroup.sync',
  /** Post or edit a swap request's message in its channel (coalesced: one per request). */
  swapMessage: 'swap.message',
  /** A swap request's deadline: 24 h before the shift (tell the requester and admins), then its start (expire). */
  swapDeadline: 'swap.deadline',
} as const;

export type JobKind = (typeof JOB)[keyof typeof JOB];
export type Lane = 'timer' | 'slack';

const TIMER_KINDS: ReadonlySet<string> = new Set([
  JOB.escalation,
  JOB.cadence,
  JOB.stakeholderNotice,
  JOB.handoff,
  JOB.provisionCheck,
  JOB.retention,
  JOB.actionItemDue,
  JOB.reviewDue,
  JOB.alertPageAfter,
  JOB.alertDeclare,
  JOB.homeRefresh,
  JOB.swapDeadline,
]);

export function laneOf(kind: JobKind): Lane {
  return TIMER_KINDS.has(kind) ? 'timer' : 'slack';
}

/**
 * How long a kind keeps trying after failures Slack may get over (5xx, rate limits, timeouts) before it
 * gives up and its give-up handler tells people. Failures of the app itself (token, scopes) never count:
 * that work waits, never dropped. Defaults: 12 tries, backoff doubling from 1 s up to 5 min.
 */
export interface RetryPolicy {
  maxAttempts: number;
  /** Give up this long after the job was queued, whatever the count (a page must not wait longer). */
  giveUpAfterMs: number;
  maxBackoffMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 12, giveUpAfterMs: Infinity, maxBackoffMs: 5 * 60_000 };

const RETRY: Partial<Record<JobKind, Partial<RetryPolicy>>> = {
  // A person who cannot be paged for 90 s is reported, and the page moves on without them: with retries
  // at most 15 s apart, the channel hears of it within 2 minutes of the first failure.
  [JOB.pageDm]: { giveUpAfterMs: 90_000, maxBackoffMs: 15_000 },
  // The same bound for a text, call or email: a provider outage past 90 s moves the person to their
  // next method (and is reported) instead of holding the page.
  [JOB.pageContact]: { giveUpAfterMs: 90_000, maxBackoffMs: 15_000 },
  [JOB.pagerDutyEvent]: { giveUpAfterMs: 90_000, maxBackoffMs: 15_000 },
  // An incident channel is worth waiting for: keep trying a few times a minute (a human is told at 2 minutes).
  [JOB.provision]: { maxAttempts: Infinity, maxBackoffMs: 30_000 },
  // A group naming the wrong person is worse the longer it lasts: people are told within ~5 minutes.
  [JOB.usergroupSync]: { maxAttempts: 8, maxBackoffMs: 60_000 },
};

/** A kind's retry policy; `defaultMaxAttempts` (the runner's setting) applies where the kind sets none. */
export function retryPolicyOf(kind: string, defaultMaxAttempts = DEFAULT_RETRY.maxAttempts): RetryPolicy {
  return { ...DEFAULT_RETRY, maxAttempts: defaultMaxAttempts, ...RETRY[kind as JobKind] };
}

/** Where a message goes. Incident/announce/postmortem are resolved when the job runs. */
export type PostTarget =
  | { kind: 'incident' }
  | { kind: 'announce' }
  | { kind: 'postmortem' }
  | { kind: 'channel'; id: string }
  | { kind: 'user'; id: string };

/** In a queued message's text, becomes a link to the incident channel when it is sent (the channel may not exist yet). */
export const CHANNEL_PLACEHOLDER = '{channel}';

export interface PostPayload {
  to: PostTarget;
  text: string;
  blocks?: unknown[];
}

/**
 * `notify`: page the people of `step` now. `advance`: nobody acknowledged `from` in time (or someone
 * pressed Escalate on it): move to the next step — unless the page has already moved on.
 */
export type EscalationPayload =
  { pageId: number; action: 'notify'; step: Step } | { pageId: number; action: 'advance'; from: Step; by?: string };

export interface StakeholderNoticePayload {
  policy: string;
  index: number;
  afterMs: number;
}

/** What a handoff job carries: the schedule, and the earliest handoff instant this arming covers. */
export interface HandoffPayload {
  schedule: string;
  /** ISO instant. The timer announces the latest handoff in [from, now], so a retry moving `dueAt` loses nothing. */
  from: string;
}

/** A user-group sync: the schedule, and the instant (ISO) it was queued for (a handoff, an override change, a start). */
export interface UsergroupSyncPayload {
  schedule: string;
  at: string;
}

export interface PageDmPayload {
  pageId: number;
  userId: string;
  level: number;
  cycle: number;
  /** ISO, for a DM a rule delays: when it first became due (its retry bound counts from then). */
  firstDueAt?: string;
}

/** One rule step of a page for a person (a page_contact row). */
export interface PageContactPayload {
  contactId: number;
  /** ISO: when it first became due (its retry bound counts from then). */
  firstDueAt?: string;
}

/** A PagerDuty event for a page_contact of method `pagerduty` (its address: the service's name). */
export interface PagerDutyEventPayload {
  contactId: number;
  action: 'trigger' | 'acknowledge' | 'resolve';
}

export interface PageDmUpdatePayload {
  notificationId: number;
}

export interface InvitePayload {
  userIds: string[];
}

export interface AlertMessagePayload {
  groupId: number;
}

export interface AlertThreadPostPayload {
  groupId: number;
  text: string;
  /** Also show the reply in the channel (for news nobody may miss: nobody acknowledged, nobody reachable). */
  broadcast?: boolean;
  /** News people must act on in the channel: a group in a digest gets a message of its own for it. */
  leavesDigest?: boolean;
}

export interface AlertDigestPayload {
  digestId: number;
}

/** Whose App Home to publish; `opened`: they just opened the tab, so publish even if unchanged. */
export interface HomePublishPayload {
  userId: string;
  opened?: boolean;
}

/** An alert group's timer; `openedAt` (ISO) names the opening it was armed for, so a reopened group ignores an older one. */
export interface AlertTimerPayload {
  groupId: number;
  openedAt: string;
}

/** A swap request's message to post or bring up to date. */
export interface SwapMessagePayload {
  swapId: number;
}

/** `remind`: 24 h before the shift, still open → tell the requester and admins. `expire`: the shift started unclaimed. */
export interface SwapDeadlinePayload {
  swapId: number;
  what: 'remind' | 'expire';
}
