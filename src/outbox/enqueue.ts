/**
 * Every kind of durable job, its lane, and how its key is made. Keys are the deduplication: the same
 * logical action always gets the same key, so a retry, a double click or a second replica cannot
 * enqueue it twice.
 */
import { enqueueOnce, enqueueOrRearm } from './queue';
import type { Json, Tx } from '../db/types';

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
  unresolved: 'unresolved.notice',
  handoff: 'schedule.handoff',
} as const;

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
  blocks?: Json[];
}

export async function enqueuePost(
  tx: Tx,
  now: Date,
  job: { key: string; incidentId: number | null; to: PostTarget; text: string; blocks?: Json[] },
): Promise<void> {
  const payload: PostPayload = { to: job.to, text: job.text, ...(job.blocks ? { blocks: job.blocks } : {}) };
  await enqueueOnce(
    tx,
    { key: job.key, kind: JOB.post, lane: 'slack', incidentId: job.incidentId, payload: payload as unknown as Json, dueAt: now },
    now,
  );
}

/** Coalesced: many changes in a burst become one chat.update of the pinned summary. */
export async function enqueueSummaryRefresh(tx: Tx, incidentId: number, now: Date): Promise<void> {
  await enqueueOrRearm(
    tx,
    { key: `summary:${incidentId}`, kind: JOB.refreshSummary, lane: 'slack', incidentId, payload: {}, dueAt: now },
    now,
  );
}

export async function enqueueInvite(tx: Tx, incidentId: number, userIds: string[], now: Date, key: string): Promise<void> {
  await enqueueOnce(
    tx,
    { key, kind: JOB.invite, lane: 'slack', incidentId, payload: { userIds }, dueAt: now },
    now,
  );
}

export async function armEscalation(
  tx: Tx,
  pageId: number,
  incidentId: number,
  dueAt: Date,
  payload: EscalationPayload,
  now: Date,
): Promise<void> {
  await enqueueOrRearm(
    tx,
    { key: `escalation:${pageId}`, kind: JOB.escalation, lane: 'timer', incidentId, payload: payload as unknown as Json, dueAt },
    now,
  );
}

/**
 * `notify`: page the people of `step` now. `advance`: nobody acknowledged `from` in time (or someone
 * pressed Escalate on it): move to the next step — unless the page has already moved on.
 */
export type EscalationPayload =
  | { action: 'notify'; step: { level: number; cycle: number } }
  | { action: 'advance'; from: { level: number; cycle: number }; by?: string };

export async function armCadence(tx: Tx, incidentId: number, dueAt: Date, now: Date): Promise<void> {
  await enqueueOrRearm(
    tx,
    { key: `cadence:${incidentId}`, kind: JOB.cadence, lane: 'timer', incidentId, payload: {}, dueAt },
    now,
  );
}
