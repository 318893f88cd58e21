/**
 * Every kind of outbox job, which lane it runs in, and what its payload holds.
 * - lane `timer`: a durable timer, run as load → decide → apply (see runner.ts);
 * - lane `slack`: a write to Slack, sent with no transaction open.
 */
/** An escalation step: a policy level (-1: the people paged directly) on a pass (cycle) through the policy. */
type Step = { level: number; cycle: number };

export const JOB = {
  provision: 'incident.provision',
  post: 'slack.post',
  refreshSummary: 'summary.refresh',
  invite: 'slack.invite',
  pageDm: 'page.dm',
  pageDmUpdate: 'page.dm-update',
  postmortem: 'postmortem.post',
  escalation: 'escalation',
  cadence: 'cadence.reminder',
  stakeholderNotice: 'unresolved.notice',
  handoff: 'schedule.handoff',
} as const;

export type JobKind = (typeof JOB)[keyof typeof JOB];
export type Lane = 'timer' | 'slack';

const TIMER_KINDS: ReadonlySet<string> = new Set([JOB.escalation, JOB.cadence, JOB.stakeholderNotice, JOB.handoff]);

export function laneOf(kind: JobKind): Lane {
  return TIMER_KINDS.has(kind) ? 'timer' : 'slack';
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
  | { pageId: number; action: 'notify'; step: Step }
  | { pageId: number; action: 'advance'; from: Step; by?: string };

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

export interface PageDmPayload {
  pageId: number;
  userId: string;
  level: number;
  cycle: number;
}

export interface PageDmUpdatePayload {
  notificationId: number;
}

export interface InvitePayload {
  userIds: string[];
}
