/**
 * A timer that gives up must not do so quietly: an escalation that stopped is a page nobody gets.
 * The incident's channel is told; a timer of no incident (an alert group's page, upkeep) is told in
 * the announce channel, where people look.
 */
import type { Deps } from '../runtime/deps';
import { escapeMrkdwn } from '../slack/mrkdwn';
import { enqueuePost } from './enqueue';
import type { TimerHandler } from './handlerTypes';
import { jobKey } from './keys';
import type { Job } from './jobTable';

export async function tellTimerGaveUp(
  deps: Deps,
  job: Job,
  handler: TimerHandler | undefined,
  lastError: string,
  now: Date,
): Promise<void> {
  const advice = handler?.givingUpAdvice?.(deps.config) ?? "Check the bot's logs.";
  await enqueuePost(deps.db, now, {
    key: jobKey.timerGaveUp(job.key, job.version),
    incidentId: job.incidentId,
    to: job.incidentId ? { kind: 'incident' } : { kind: 'announce' },
    text: `:warning: <!here> The bot could not run its \`${job.kind}\` timer after ${job.attempts} tries (last error: ${escapeMrkdwn(lastError).slice(0, 300)}). ${advice}`,
  });
}
