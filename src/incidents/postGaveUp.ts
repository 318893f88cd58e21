/**
 * A queued message to a channel named in the policy file (announce, postmortem) was refused for good
 * (archived, bot not in it): the incident's own channel, where its people are, is told where it could
 * not go and what fixes it. The outbox has already recorded the failure; nothing else is dropped.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import { enqueuePost, jobKey, type PostPayload } from '../outbox';
import { refusedChannelWarning } from './provision';

export async function postGaveUp(job: Job, deps: Deps, reason: string): Promise<void> {
  const { to } = job.payload as unknown as PostPayload;
  const channel =
    to.kind === 'announce'
      ? deps.config.channels.announce
      : to.kind === 'postmortem'
        ? deps.config.channels.postmortem
        : null;
  // Only a refusal (the reason is Slack's code): a post given up after Slack's own trouble ("gave up after
  // N tries: …") is the runner's to log, and telling it in another channel would not fix it.
  if (!channel || !job.incidentId || reason.startsWith('gave up after')) return;
  await enqueuePost(deps.db, deps.clock.now(), {
    key: jobKey.refusedPostWarning(job.key),
    incidentId: job.incidentId,
    to: { kind: 'incident' },
    text: refusedChannelWarning('A message about this incident could not be posted', channel, reason),
  });
  deps.kick();
}
