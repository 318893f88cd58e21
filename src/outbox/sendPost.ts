/** A queued message: resolve where it goes now (the incident channel may have been created since). */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import { mentionChannel } from '../slack/mrkdwn';
import { openDm } from '../slack/dm';
import { CHANNEL_PLACEHOLDER, type PostPayload } from './kinds';
import { DeferJob, waitingDelayMs } from './handlerTypes';
import { postMessageOnce } from './deliver';

/** How long a message that links to the incident channel waits for it before going out without the link. */
const CHANNEL_LINK_WAIT_MS = 60_000;

export async function sendPost(job: Job, deps: Deps) {
  const payload = job.payload as unknown as PostPayload;
  // Where the incident's channel is, and whether it is private: the outbox knows no more of incidents than that.
  const incident = job.incidentId
    ? await deps.db.incident.findUnique({
        where: { id: job.incidentId },
        select: { channelId: true, provisionError: true, private: true },
      })
    : null;
  // A private incident is not followed in the shared channels: its posts to them are queued like any
  // incident's and dropped here, the one place that decides it (a post queued before it was made public
  // and sent after is public by then).
  if (incident?.private && (payload.to.kind === 'announce' || payload.to.kind === 'postmortem'))
    return { skipped: 'private incident: not posted outside its channel' };
  const channelLink = incident?.channelId ? mentionChannel(incident.channelId) : `incident #${job.incidentId ?? '?'}`;
  let channel: string;
  switch (payload.to.kind) {
    case 'incident':
      if (!incident) return { skipped: 'incident gone' };
      if (!incident.channelId) {
        if (incident.provisionError) return { skipped: `no channel: ${incident.provisionError}` };
        throw new DeferJob(waitingDelayMs(job.createdAt, deps.clock.now()), 'incident channel not created yet');
      }
      channel = incident.channelId;
      break;
    case 'announce':
      channel = deps.config.channels.announce;
      break;
    case 'postmortem':
      channel = deps.config.channels.postmortem;
      break;
    case 'channel':
      channel = payload.to.id;
      break;
    case 'user':
      channel = await openDm(deps.slack, payload.to.id);
      break;
  }
  // Wait for the channel so the link in an announcement is a real link, but not for long: past that,
  // the message goes out naming the incident by number.
  const waited = deps.clock.now().getTime() - job.createdAt.getTime();
  if (
    !incident?.channelId &&
    incident &&
    !incident.provisionError &&
    payload.text.includes(CHANNEL_PLACEHOLDER) &&
    waited < CHANNEL_LINK_WAIT_MS
  ) {
    throw new DeferJob(waitingDelayMs(job.createdAt, deps.clock.now()), 'waiting for the incident channel to link to');
  }
  const text = payload.text.replaceAll(CHANNEL_PLACEHOLDER, channelLink);
  const posted = await postMessageOnce(deps, job, { channel, text, blocks: payload.blocks });
  return { channel: posted.channel, ts: posted.ts };
}
