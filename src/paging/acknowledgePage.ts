/**
 * Acknowledge on a page DM: escalation stops, every DM of the page is updated in place, the channel is
 * told once. The page row is locked, so two clicks (or two replicas) cannot both act; a second click
 * is answered, not repeated.
 */
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import { formatDuration } from '../time/duration';
import { mentionUser } from '../slack/mrkdwn';
import { slackTime } from '../slack/time';
import { cancelJob, enqueue, jobKey, JOB, type PageDmUpdatePayload } from '../outbox';
import { recordAcknowledgement, type AckSource } from '../runtime/metrics';
import { stopContacts } from './contactDelivery';
import { followPagerDuty } from './pagerDuty';
import { lockPage, requirePagedOrRoleHolder, type PageRef } from './store';
import { ownerAcknowledged, ownerIncidentId, pageOwner, refreshOwnerView, tellOwner } from './pageOwner';

type LockedPage = Awaited<ReturnType<typeof lockPage>>;

/** Where an acknowledgement came from, in the channel's words ("acknowledged the page by SMS"). */
const VIA_WORDS: Record<AckSource, string> = {
  dm: '',
  alert_message: '',
  sms: ' by SMS',
  voice: ' by phone',
  link: ' from the email or webhook link',
};

export async function acknowledgePage(
  deps: Deps,
  ref: PageRef,
  userId: string,
  via: AckSource = 'dm',
): Promise<string> {
  const now = deps.clock.now();
  let ttaMs: number | null = null;
  const reply = await deps.db.$transaction(async (tx) => {
    const page = await lockPage(tx, ref.pageId);
    if (page.state === 'acknowledged') {
      return `Already acknowledged by ${mentionUser(page.acknowledgedBy!)} at ${slackTime(page.acknowledgedAt!, deps.config.timezone)}. Nothing more to do.`;
    }
    if (page.state === 'cancelled' || page.incident?.state === 'closed') {
      return page.incident
        ? `Incident #${page.incident.id} is closed; this page was cancelled.`
        : 'The alerts resolved; this page was cancelled.';
    }
    await requirePagedOrRoleHolder(tx, page, userId, 'acknowledge');
    ttaMs = await acknowledgeLockedPage(tx, page, userId, now, via);
    return page.incident
      ? `You acknowledged page #${page.id}. Join the incident channel to help.`
      : `You acknowledged page #${page.id}. The alert's thread has the details.`;
  });
  if (ttaMs !== null) recordAcknowledgement(deps.metrics, via, ttaMs);
  deps.kick();
  return reply;
}

/**
 * The acknowledgement itself, on a page its caller has locked (lockPage) and found open or exhausted:
 * also used when someone acknowledges an alert group from its channel message. Returns the time to
 * acknowledge (ms), for the caller to count once its transaction has committed.
 */
export async function acknowledgeLockedPage(
  tx: Tx,
  page: LockedPage,
  userId: string,
  now: Date,
  via: AckSource = 'dm',
): Promise<number> {
  const owner = pageOwner(page);
  const incidentId = ownerIncidentId(owner);
  await tx.page.update({
    where: { id: page.id },
    data: { state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: userId },
  });
  const tta = now.getTime() - page.createdAt.getTime();
  if (page.incidentId !== null)
    await ownerAcknowledged(tx, { kind: 'incident', incidentId: page.incidentId }, userId, now);
  if (page.alertGroupId !== null)
    await ownerAcknowledged(tx, { kind: 'alert', groupId: page.alertGroupId }, userId, now);
  await cancelJob(tx, jobKey.escalation(page.id), now);
  await stopContacts(tx, page.id, now);
  await followPagerDuty(tx, [page.id], 'acknowledge', now);
  const sent = await tx.pageNotification.findMany({ where: { pageId: page.id } });
  for (const n of sent) {
    const payload: PageDmUpdatePayload = { notificationId: n.id };
    await enqueue(tx, now, { kind: JOB.pageDmUpdate, key: jobKey.pageDmAcknowledged(n.id), incidentId, payload });
  }
  await tellOwner(tx, owner, now, {
    key: jobKey.acknowledgedPost(page.id),
    kind: 'ack',
    actorId: userId,
    text: `:white_check_mark: ${mentionUser(userId)} acknowledged the page${VIA_WORDS[via]} (after ${formatDuration(tta)}). Escalation stopped.`,
    timelineText: `${mentionUser(userId)} acknowledged page #${page.id}${VIA_WORDS[via]} after ${formatDuration(tta)}`,
    data: { pageId: page.id, ttaMs: tta },
  });
  await refreshOwnerView(tx, owner, now);
  // A page handed from an alert group to an incident: the group's message shows the acknowledgement too.
  if (owner.kind === 'incident' && page.alertGroupId !== null)
    await refreshOwnerView(tx, { kind: 'alert', groupId: page.alertGroupId }, now);
  return tta;
}
