/**
 * An alert group's message could not be posted (most often: the bot is not in the alert channel).
 * Its pages still run; people are told where they look anyway: the announce channel.
 */
import type { Deps } from '../runtime/deps';
import { enqueuePost, jobKey, type AlertMessagePayload, type Job } from '../outbox';
import { escapeMrkdwn } from '../slack/mrkdwn';

export async function groupMessageGaveUp(job: Job, deps: Deps, reason: string): Promise<void> {
  const { groupId } = job.payload as unknown as AlertMessagePayload;
  const group = await deps.db.alertGroup.findUnique({ where: { id: groupId } });
  if (!group) return;
  const channel = deps.config.alerts[group.integration]?.channel ?? '?';
  const hint = /not_in_channel|channel_not_found/.test(reason)
    ? ` Invite the bot to #${channel} (\`/invite @bot\`) or fix \`alerts.${group.integration}.channel\`.`
    : '';
  const text = `:warning: Could not post alert group #${group.id} (${escapeMrkdwn(group.title)}) in #${channel}: \`${escapeMrkdwn(reason)}\`.${hint} Its pages still go out.`;
  await enqueuePost(deps.db, deps.clock.now(), {
    key: jobKey.alertMessageFailedPost(group.id),
    incidentId: null,
    to: { kind: 'announce' },
    text,
  });
  deps.log.error({ alertGroupId: group.id, reason }, 'alert group message could not be posted');
  deps.kick();
}
