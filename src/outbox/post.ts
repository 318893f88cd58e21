/** A queued message: resolve where it goes now (the incident channel may have been created since). */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../deps';
import { mentionChannel } from '../slack/mrkdwn';
import { openDm } from '../slack/dm';
import { CHANNEL_PLACEHOLDER, type PostPayload } from './kinds';
import { DeferJob } from './handlers';
import { postMessageOnce } from './deliver';

export async function runPost(job: Job, deps: Deps) {
  const payload = job.payload as unknown as PostPayload;
  // Only where the incident's channel is: the outbox knows no more of incidents than that.
  const incident = job.incidentId
    ? await deps.db.incident.findUnique({ where: { id: job.incidentId }, select: { channelId: true, provisionError: true } })
    : null;
  const channelLink = incident?.channelId ? mentionChannel(incident.channelId) : `incident #${job.incidentId ?? '?'}`;
  let channel: string;
  switch (payload.to.kind) {
    case 'incident':
      if (!incident) return { skipped: 'incident gone' };
      if (!incident.channelId) {
        if (incident.provisionError) return { skipped: `no channel: ${incident.provisionError}` };
        throw new DeferJob(1_000, 'incident channel not created yet');
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
  // Wait for the channel so the link in an announcement is a real link, but not forever.
  if (!incident?.channelId && incident && !incident.provisionError && payload.text.includes(CHANNEL_PLACEHOLDER) && job.attempts < 10) {
    throw new DeferJob(1_000, 'waiting for the incident channel to link to');
  }
  const text = payload.text.replaceAll(CHANNEL_PLACEHOLDER, channelLink);
  const posted = await postMessageOnce(deps, job, { channel, text, blocks: payload.blocks });
  return { channel: posted.channel, ts: posted.ts };
}
