/** `/page @someone "why"` from an incident channel: a page of its own, falling through to the policy. */
import type { Deps } from '../deps';
import type { Target } from '../config/targets';
import { severityByKey } from '../config/severities';
import { mentionUser } from '../slack/mrkdwn';
import { addTimeline } from '../incidents/store';
import { changeOpenIncident } from '../incidents/change';
import { incidentForChannel } from '../incidents/inChannel';
import { startPage } from './start';

export async function pageAdHoc(
  deps: Deps,
  incidentId: number,
  input: { targets: Target[]; message: string; actorId: string },
): Promise<string> {
  return changeOpenIncident(deps, incidentId, async (tx, incident, now) => {
    const severity = severityByKey(incident.severity, deps.config.severities);
    const pageId = await startPage(
      tx,
      { incidentId, message: input.message, pagedBy: input.actorId, adHocTargets: input.targets, policy: severity?.policy ?? null },
      now,
    );
    await addTimeline(tx, { incidentId, at: now, actorId: input.actorId, kind: 'page', text: `${mentionUser(input.actorId)} paged ${input.targets.length} target(s)`, data: { pageId } });
    return `Paging now (page #${pageId}). You'll see who was reached in the channel.`;
  });
}

/** `/page` typed in a channel: it must be an incident's channel. */
export async function pageFromChannel(deps: Deps, channelId: string, input: { targets: Target[]; message: string; actorId: string }): Promise<string> {
  const incident = await incidentForChannel(deps, channelId, `\`${deps.config.commands.page}\``);
  return pageAdHoc(deps, incident.id, input);
}
