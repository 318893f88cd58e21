/**
 * A page handed to a PagerDuty service (a level's `pagerduty:<name>` target), for teams that keep
 * PagerDuty for now: the step triggers an alert there, with the page's id in its dedup_key, and the
 * page's acknowledgement and end acknowledge and resolve it. Tracked as a page_contact of method
 * `pagerduty` (user id `pagerduty:<name>`), so a trigger PagerDuty refuses is reported like any
 * method that failed, and a step whose every way failed escalates.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { Tx } from '../db/types';
import { ProviderRefused } from '../providers/types';
import { enqueue, jobKey, JOB, type Job as OutboxJob, type PagerDutyEventPayload } from '../outbox';
import type { Step } from './escalationSteps';
import { recordContactFailed, recordContactSent } from './contactDelivery';
import { pageSubject } from './views/pageSubject';

export const PAGERDUTY_USER_PREFIX = 'pagerduty:';

const dedupKey = (pageId: number) => `incident-bot-page-${pageId}`;

/** The step hands the page to `service`: a contact row and its trigger, due now. */
export async function triggerPagerDuty(
  tx: Tx,
  page: { id: number; incidentId: number | null },
  step: Step,
  service: string,
  now: Date,
): Promise<void> {
  const userId = `${PAGERDUTY_USER_PREFIX}${service}`;
  const row = await tx.pageContact.upsert({
    where: { pageId_level_cycle_userId_ruleStep: { pageId: page.id, ...step, userId, ruleStep: 0 } },
    create: { pageId: page.id, ...step, userId, ruleStep: 0, method: 'pagerduty', address: service, createdAt: now },
    update: {},
  });
  const payload: PagerDutyEventPayload = { contactId: row.id, action: 'trigger' };
  // The contact key, as a text's: stopping the page (stopContacts) cancels a trigger not yet sent.
  await enqueue(tx, now, {
    kind: JOB.pagerDutyEvent,
    key: jobKey.pageContact(page.id, step, userId, 0),
    incidentId: page.incidentId,
    payload,
  });
}

/**
 * The page was acknowledged (`acknowledge`) or ended — its incident closed, its alerts resolved
 * (`resolve`): every PagerDuty alert it triggered follows.
 */
export async function followPagerDuty(
  tx: Tx,
  pageIds: number[],
  action: 'acknowledge' | 'resolve',
  now: Date,
): Promise<void> {
  if (!pageIds.length) return;
  const triggered = await tx.pageContact.findMany({
    where: { pageId: { in: pageIds }, method: 'pagerduty', status: { in: ['sent', 'delivered'] } },
    include: { page: { select: { incidentId: true } } },
  });
  for (const c of triggered) {
    const payload: PagerDutyEventPayload = { contactId: c.id, action };
    await enqueue(tx, now, {
      kind: JOB.pagerDutyEvent,
      key: jobKey.pagerDutyFollow(c.id, action),
      incidentId: c.page.incidentId,
      payload,
    });
  }
}

export async function runPagerDutyEvent(job: Job, deps: Deps) {
  const { contactId, action } = job.payload as unknown as PagerDutyEventPayload;
  const contact = await deps.db.pageContact.findUnique({
    where: { id: contactId },
    include: { page: { include: { incident: true, alertGroup: true } } },
  });
  if (!contact) return { skipped: 'page gone' };
  const service = contact.address ?? contact.userId.slice(PAGERDUTY_USER_PREFIX.length);
  const { page } = contact;
  if (action === 'trigger' && (contact.status !== 'pending' || ['acknowledged', 'cancelled'].includes(page.state)))
    return { skipped: `page ${page.state}, contact ${contact.status}` };
  const pd = deps.providers.pagerDuty;
  const routingKey = pd?.routingKeys[service];
  if (!pd || !routingKey)
    throw new ProviderRefused(`PAGERDUTY_ROUTING_KEY_${service.toUpperCase().replace(/-/g, '_')} is not set`);
  // PagerDuty is a third party, and its alert is read by people nobody invited: a private incident's
  // number only, whatever the policy lets a page DM say.
  const about = pageSubject(page, deps.config, 'outsider');
  const what = page.incident ? `incident #${page.incident.id}` : `alert group #${page.alertGroupId}`;
  await pd.events.send({
    routingKey,
    action,
    dedupKey: dedupKey(page.id),
    ...(action === 'trigger'
      ? {
          summary: about.hidden
            ? `Private incident #${page.incidentId} (page #${page.id})`
            : `${about.severity ? `[${about.severity}] ` : ''}${about.title}: ${about.message} (${what}, page #${page.id})`,
          source: 'incident-bot',
          severity: 'critical' as const,
          timestamp: page.createdAt,
          customDetails: { page_id: page.id, incident_id: page.incidentId, alert_group_id: page.alertGroupId },
        }
      : {}),
  });
  if (action === 'trigger')
    await recordContactSent(deps, contactId, service, { providerId: dedupKey(page.id), status: 'delivered' });
  deps.log.info({ incidentId: page.incidentId, pageId: page.id, service, action }, 'PagerDuty event sent');
  return { service, action };
}

/** PagerDuty refused the trigger (or kept failing): reported like a method that failed. A follow-up is only logged. */
export async function pagerDutyEventGaveUp(job: OutboxJob, deps: Deps, reason: string): Promise<void> {
  const { contactId, action } = job.payload as unknown as PagerDutyEventPayload;
  if (action === 'trigger') await recordContactFailed(deps, contactId, reason);
  else deps.log.warn({ contactId, action, reason }, 'PagerDuty follow-up event failed');
}

/** The incident closed: every PagerDuty alert its pages triggered (acknowledged ones too) is resolved. */
export async function resolvePagerDutyOfIncident(tx: Tx, incidentId: number, now: Date): Promise<void> {
  const pages = await tx.page.findMany({ where: { incidentId }, select: { id: true } });
  await followPagerDuty(
    tx,
    pages.map((p) => p.id),
    'resolve',
    now,
  );
}

/** An alert group resolved: the same for the pages still its own (one handed to an incident is the incident's). */
export async function resolvePagerDutyOfGroup(tx: Tx, groupId: number, now: Date): Promise<void> {
  const pages = await tx.page.findMany({ where: { alertGroupId: groupId, incidentId: null }, select: { id: true } });
  await followPagerDuty(
    tx,
    pages.map((p) => p.id),
    'resolve',
    now,
  );
}
