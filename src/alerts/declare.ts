/**
 * An incident from an alert group (the Declare incident button, or a route's `declare`): the group's
 * title and a severity from its route, the alerts on the incident's timeline, the two linked, and the
 * group's pages handed over, so the people already paged are the incident's and nobody is paged twice.
 */
import type { AlertGroup } from '../generated/prisma/client';
import type { PolicyConfig } from '../config/policy';
import { routeFor } from '../config/alertRoutes';
import { severityFromInput } from '../config/severities';
import type { Tx } from '../db/types';
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import { jobKey } from '../outbox';
import { addTimeline } from '../incidents/store';
import { declareInTransaction } from '../incidents/declare';
import { handPagesToIncident } from '../paging/handPagesToIncident';
import { enqueueGroupMessage, enqueueThreadPost } from './groupPosts';

/** Alerts copied onto the incident's timeline; the rest are counted in one line. */
const TIMELINE_ALERTS = 50;

/**
 * The severity an incident from this group gets: the route's `declare`, else the severity the alert's
 * label names (`critical` is an alias of SEV1 by default), else the least severe one.
 */
export function severityForGroup(group: Pick<AlertGroup, 'integration' | 'severity'>, config: PolicyConfig): string {
  const integration = config.alerts[group.integration];
  const route = integration ? routeFor(integration, group.severity).route : null;
  if (route?.declare) return route.declare;
  const named = group.severity ? severityFromInput(group.severity, config.severities) : null;
  return named?.key ?? config.severities[config.severities.length - 1].key;
}

/** A route marked `private: true` declares private incidents (security alerts, say). */
export function routeIsPrivate(group: Pick<AlertGroup, 'integration' | 'severity'>, config: PolicyConfig): boolean {
  const integration = config.alerts[group.integration];
  return integration ? routeFor(integration, group.severity).route.private : false;
}

/** Declare, in the caller's transaction, on a group the caller has locked and found firing with no incident. */
export async function declareFromGroup(
  tx: Tx,
  config: PolicyConfig,
  group: AlertGroup,
  commander: string,
  declaredBy: string | null,
  now: Date,
): Promise<number> {
  const severity = severityForGroup(group, config);
  const livePages = await tx.page.count({ where: { alertGroupId: group.id, state: { in: ['open', 'acknowledged'] } } });
  const incident = await declareInTransaction(
    tx,
    config,
    {
      title: group.title,
      severity,
      description: `From alert group #${group.id} (${group.integration}).`,
      reporterId: commander,
      originChannelId: group.channelId,
      private: routeIsPrivate(group, config),
    },
    now,
    // The group's page is already waking someone: it becomes the incident's instead of a second one.
    { pageOnDeclare: livePages === 0 },
  );
  await tx.alertGroup.update({ where: { id: group.id }, data: { incidentId: incident.id } });
  await handPagesToIncident(tx, group.id, incident.id);

  const alerts = await tx.alert.findMany({
    where: { groupId: group.id },
    orderBy: { firstSeenAt: 'asc' },
    take: TIMELINE_ALERTS,
  });
  for (const a of alerts) {
    await addTimeline(tx, {
      incidentId: incident.id,
      at: a.startsAt ?? a.firstSeenAt,
      actorId: null,
      kind: 'alert',
      text: `Alert ${a.status === 'firing' ? 'firing' : 'fired (now resolved)'}: ${escapeMrkdwn(a.title)}`,
      data: { alertGroupId: group.id, fingerprint: a.fingerprint, labels: a.labels },
    });
  }
  const total = await tx.alert.count({ where: { groupId: group.id } });
  if (total > alerts.length) {
    await addTimeline(tx, {
      incidentId: incident.id,
      at: now,
      actorId: null,
      kind: 'alert',
      text: `…and ${total - alerts.length} more alerts in alert group #${group.id}`,
      data: { alertGroupId: group.id },
    });
  }
  const who = declaredBy ? mentionUser(declaredBy) : `The route's rule (${severity})`;
  // The alert channel is not among a private incident's members: its number only, no severity or commander.
  const declared = incident.private
    ? `:lock: ${declaredBy ? mentionUser(declaredBy) : "The route's rule"} declared private incident #${incident.id} from this alert group. Its members were invited to its channel.`
    : `:rotating_light: ${who} declared ${severity} incident #${incident.id} from this alert group. Incident Commander: ${mentionUser(commander)}.`;
  await enqueueThreadPost(tx, now, {
    key: jobKey.alertNotePost(group.id, 'declared', now),
    groupId: group.id,
    text: declared,
    broadcast: true,
    leavesDigest: true,
  });
  await enqueueGroupMessage(tx, group, now);
  return incident.id;
}
