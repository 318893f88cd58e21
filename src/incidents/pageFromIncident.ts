/** `/page @someone "why"` from an incident channel: a page of its own, falling through to the policy. */
import type { Deps } from '../runtime/deps';
import type { Target } from '../config/targets';
import { severityByKey } from '../config/severities';
import { mentionUser } from '../slack/mrkdwn';
import { addTimeline } from './store';
import { changeOpenIncident } from './change';
import { incidentForChannel } from './inChannel';
import { UserError } from '../common/errors';
import { formatDuration } from '../time/duration';
import { startPage } from '../paging/startPage';
import { checkTargetsExist } from '../paging/targets';

export async function pageAdHoc(
  deps: Deps,
  incidentId: number,
  input: { targets: Target[]; message: string; actorId: string },
): Promise<string> {
  return changeOpenIncident(deps, incidentId, async (tx, incident, now) => {
    // One person's pages in the window, counted under a lock on that person, so two at once cannot both slip under the limit.
    const { maxPagesPerPerson, windowMs } = deps.config.paging;
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`page-rate:${input.actorId}`}))`;
    const recent = await tx.page.count({
      where: { pagedBy: input.actorId, createdAt: { gt: new Date(now.getTime() - windowMs) } },
    });
    if (recent >= maxPagesPerPerson) {
      throw new UserError(
        `You have started ${recent} pages in the last ${formatDuration(windowMs)}; the limit is ${maxPagesPerPerson}. Nothing was sent. Wait a little, or ask the Incident Commander to page.`,
      );
    }
    const severity = severityByKey(incident.severity, deps.config.severities);
    const pageId = await startPage(
      tx,
      {
        incidentId,
        message: input.message,
        pagedBy: input.actorId,
        adHocTargets: input.targets,
        policy: severity?.policy ?? null,
      },
      now,
    );
    await addTimeline(tx, {
      incidentId,
      at: now,
      actorId: input.actorId,
      kind: 'page',
      text: `${mentionUser(input.actorId)} paged ${input.targets.length} target(s)`,
      data: { pageId },
    });
    return `Paging now (page #${pageId}). You'll see who was reached in the channel.`;
  });
}

/**
 * `/page` typed in a channel: it must be an incident's channel, and every person and group it names
 * must exist in Slack (asked before the transaction opens). Schedules were checked when parsing.
 */
export async function pageFromChannel(
  deps: Deps,
  channelId: string,
  input: { targets: Target[]; message: string; actorId: string },
): Promise<string> {
  const incident = await incidentForChannel(deps, channelId, `\`${deps.config.commands.page}\``);
  const problem = await checkTargetsExist(deps, input.targets);
  if (problem) throw new UserError(`Nobody was paged: ${problem}. Pick people and groups from the @-mention list.`);
  return pageAdHoc(deps, incident.id, input);
}
