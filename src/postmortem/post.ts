/** The post-mortem draft, posted to the post-mortem channel after close. Its own job: it never blocks the close. */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../deps';
import { renderPostmortem } from './render';
import { postmortemBlocks } from './views';
import { getIncident, roleHolders } from '../incidents/store';
import { postMessageOnce } from '../outbox';
import { describeReach, pageReach } from '../paging/delivery';
import { loadPostmortemData } from './data';
import { renderPostmortemMarkdown } from './markdown';

export async function runPostmortem(job: Job, deps: Deps) {
  const incident = await getIncident(deps.db, job.incidentId!);
  if (!incident?.closedAt) return { skipped: 'incident not closed' };
  // The full Markdown draft is kept with the incident, so it can be fetched again whatever Slack does.
  const data = await loadPostmortemData(deps, incident.id);
  if (data) {
    await deps.db.incident.update({ where: { id: incident.id }, data: { postmortemMarkdown: renderPostmortemMarkdown(data), postmortemRenderedAt: deps.clock.now() } });
  }
  const timeline = await deps.db.timelineEvent.findMany({ where: { incidentId: incident.id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  const draft = renderPostmortem({
    ...incident,
    closedAt: incident.closedAt,
    roles: roleHolders(incident.roles),
    timeline,
    timezone: deps.config.timezone,
    paging: (await pageReach(deps.db, incident.id)).map(describeReach),
  });
  const posted = await postMessageOnce(deps, job, {
    channel: deps.config.channels.postmortem,
    text: draft.title,
    blocks: postmortemBlocks(draft),
  });
  return { channel: posted.channel, ts: posted.ts };
}
