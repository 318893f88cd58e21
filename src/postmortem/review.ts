/**
 * The review loop (our incident process: review within 48 hours, archive the channel after the post-mortem):
 * - on close, a review is due `review_within` later for severities that require one; the IC is
 *   reminded then if it is not marked done (timer: load → decide → apply);
 * - `/incident postmortem done` marks it complete (its role holders and the bot's admins may, as for
 *   closing), and the channel is archived `archive_after` later;
 * - `/incident postmortem` posts the draft again, with everything recorded since.
 * An archive Slack refuses (a workspace that restricts it) is said in the channel, never dropped silently.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import { UserError } from '../common/errors';
import { formatDuration } from '../time/duration';
import { mentionUser } from '../slack/mrkdwn';
import { cancelJob, enqueue, enqueuePost, jobKey, JOB, type TimerHandler } from '../outbox';
import { addTimeline, getIncident, roleHolders } from '../incidents/store';
import { incidentReference } from '../incidents/reference';
import { isAdmin, requireAuthority } from '../incidents/authority';
import { recordChannelArchived, recordPostmortemDone } from '../incidents/postmortemRecord';
import { postmortemChannelName } from '../incidents/privacy';

export async function postPostmortemAgain(deps: Deps, incidentId: number): Promise<string> {
  const now = deps.clock.now();
  const incident = await getIncident(deps.db, incidentId);
  if (!incident) throw new UserError(`Incident #${incidentId} does not exist.`);
  if (incident.state !== 'closed')
    throw new UserError(
      `The post-mortem draft is written when the incident closes: \`${deps.config.commands.incident} close\` first.`,
    );
  await enqueue(deps.db, now, { kind: JOB.postmortem, key: jobKey.postmortemAgain(incidentId, now), incidentId });
  deps.kick();
  const elsewhere = postmortemChannelName(incident, deps.config);
  return `Rendering the post-mortem draft again, with everything recorded since; it goes to ${elsewhere ? `#${elsewhere} and ` : ''}this channel.`;
}

/** Marking the review done archives the channel: the same people as for closing may (incidents/authority.ts). */
export async function markPostmortemDone(deps: Deps, incidentId: number, actorId: string): Promise<string> {
  const now = deps.clock.now();
  // Admin user groups are Slack's to say: asked before the transaction opens.
  const admin = await isAdmin(deps, actorId);
  const reply = await deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM incident WHERE id = ${incidentId} FOR UPDATE`;
    const incident = await getIncident(tx, incidentId);
    if (!incident) throw new UserError(`Incident #${incidentId} does not exist.`);
    if (incident.state !== 'closed')
      throw new UserError(`Close the incident first; its post-mortem is reviewed after that.`);
    requireAuthority(
      incident.roles,
      actorId,
      admin,
      `mark the post-mortem of ${incidentReference(incident)} done`,
      true,
    );
    if (incident.postmortemDoneAt)
      return `The post-mortem of ${incidentReference(incident)} was already marked done by ${mentionUser(incident.postmortemDoneBy!)}.`;
    await recordPostmortemDone(tx, incidentId, actorId, now);
    await cancelJob(tx, jobKey.reviewDue(incidentId), now);
    await addTimeline(tx, {
      incidentId,
      at: now,
      actorId,
      kind: 'postmortem-done',
      text: `Post-mortem review marked done by ${mentionUser(actorId)}`,
    });
    if (incident.channelId && !incident.archivedAt) {
      await enqueue(tx, now, {
        kind: JOB.archive,
        key: jobKey.archive(incidentId),
        incidentId,
        dueAt: new Date(now.getTime() + deps.config.archiveAfterMs),
      });
    }
    const when = deps.config.archiveAfterMs ? `in ${formatDuration(deps.config.archiveAfterMs)}` : 'now';
    return `Post-mortem of ${incidentReference(incident)} marked done.${incident.channelId ? ` The channel will be archived ${when}.` : ''}`;
  });
  deps.kick();
  return reply;
}

/** The archive send: Slack archives the channel; the incident records it. */
export async function runArchive(job: Job, deps: Deps) {
  const incident = await getIncident(deps.db, job.incidentId!);
  if (!incident?.channelId || incident.archivedAt) return { skipped: 'nothing to archive' };
  try {
    await deps.slack.call('conversations.archive', { channel: incident.channelId });
  } catch (error) {
    if (!(error instanceof Error && /already_archived/.test(error.message))) throw error;
  }
  await recordChannelArchived(deps.db, incident.id, deps.clock.now());
  return { archived: incident.channelId };
}

/** Slack would not archive (the workspace restricts it, say): said in the channel, with what to do. */
export async function archiveGaveUp(job: Job, deps: Deps, reason: string): Promise<void> {
  await enqueuePost(deps.db, deps.clock.now(), {
    key: jobKey.archiveFailedPost(job.incidentId!),
    incidentId: job.incidentId,
    to: { kind: 'incident' },
    text: `:warning: The post-mortem is done, but Slack would not let the bot archive this channel (\`${reason}\`). A workspace admin can archive it, or allow apps to.`,
  });
  deps.kick();
}

export interface ReviewDueInput {
  incident: {
    id: number;
    reference: string;
    state: string;
    doneAt: Date | null;
    icId: string | null;
    reporterId: string;
    closedAt: Date | null;
  } | null;
}
export type ReviewDueDecision =
  | { kind: 'nothing'; why: string }
  | { kind: 'remind'; incidentId: number; userId: string; dm: string; channel: string };

export function decideReviewDue(input: ReviewDueInput, config: { commands: { incident: string } }): ReviewDueDecision {
  const { incident } = input;
  if (!incident || incident.state !== 'closed') return { kind: 'nothing', why: 'incident not closed' };
  if (incident.doneAt) return { kind: 'nothing', why: 'review done' };
  const userId = incident.icId ?? incident.reporterId;
  const done = `\`${config.commands.incident} postmortem done\``;
  return {
    kind: 'remind',
    incidentId: incident.id,
    userId,
    dm: `:spiral_note_pad: The post-mortem review of ${incident.reference} is due now. Hold it (blameless: systems and decisions, not people), then mark it with ${done} in the incident's channel.`,
    channel: `:spiral_note_pad: ${mentionUser(userId)} the post-mortem review of ${incident.reference} is due. ${done} when it is done; the channel is then archived.`,
  };
}

async function loadReview(job: Job, deps: Deps): Promise<ReviewDueInput> {
  const incident = await getIncident(deps.db, job.incidentId!);
  if (!incident) return { incident: null };
  return {
    incident: {
      id: incident.id,
      reference: incidentReference(incident),
      state: incident.state,
      doneAt: incident.postmortemDoneAt,
      icId: roleHolders(incident.roles).ic ?? null,
      reporterId: incident.reporterId,
      closedAt: incident.closedAt,
    },
  };
}

async function applyReview(tx: Tx, _job: Job, decision: ReviewDueDecision, _deps: Deps, now: Date): Promise<void> {
  if (decision.kind === 'nothing') return;
  const rows = await tx.$queryRaw<
    { done: Date | null }[]
  >`SELECT postmortem_done_at AS done FROM incident WHERE id = ${decision.incidentId} FOR UPDATE`;
  if (rows[0]?.done) return; // marked done meanwhile
  await enqueuePost(tx, now, {
    key: jobKey.reviewDuePost(decision.incidentId, 'dm'),
    incidentId: decision.incidentId,
    to: { kind: 'user', id: decision.userId },
    text: decision.dm,
  });
  await enqueuePost(tx, now, {
    key: jobKey.reviewDuePost(decision.incidentId, 'channel'),
    incidentId: decision.incidentId,
    to: { kind: 'incident' },
    text: decision.channel,
  });
  await addTimeline(tx, {
    incidentId: decision.incidentId,
    at: now,
    actorId: null,
    kind: 'reminder',
    text: `Post-mortem review due: reminded ${mentionUser(decision.userId)}`,
  });
}

export const reviewDueTimer: TimerHandler<ReviewDueInput, ReviewDueDecision> = {
  load: loadReview,
  decide: decideReviewDue,
  apply: applyReview,
};
