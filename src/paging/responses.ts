/**
 * What people do to pages: `/page` someone ad hoc, press Acknowledge, press Escalate. Each locks the
 * page row, so two clicks (or two replicas) cannot both act; a second click is answered, not repeated.
 */
import type { Deps } from '../deps';
import type { Target } from '../config/targets';
import { UserError } from '../errors';
import { formatDuration } from '../time/duration';
import { AD_HOC_LEVEL, describeStep, Step } from './escalation';
import { mentionUser } from '../slack/mrkdwn';
import { findSeverity } from '../config/severities';
import { armEscalation, enqueuePost, enqueueSummaryRefresh, JOB } from '../outbox/enqueue';
import { cancelJob, enqueueOnce } from '../outbox/queue';
import { addTimeline } from '../incidents/store';
import type { Tx } from '../db/types';
import { changeOpenIncident } from '../incidents/change';
import { startPage } from './start';
import { slackTime } from '../slack/time';

export async function pageAdHoc(
  deps: Deps,
  incidentId: number,
  input: { targets: Target[]; message: string; actorId: string },
): Promise<string> {
  return changeOpenIncident(deps, incidentId, async (tx, incident, now) => {
    const severity = findSeverity(incident.severity, deps.config.severities);
    const pageId = await startPage(
      tx,
      { incidentId, message: input.message, pagedBy: input.actorId, adHocTargets: input.targets, policy: severity?.policy ?? null },
      now,
    );
    await addTimeline(tx, { incidentId, at: now, actorId: input.actorId, kind: 'page', text: `${mentionUser(input.actorId)} paged ${input.targets.length} target(s)`, data: { pageId } });
    return `Paging now (page #${pageId}). You'll see who was reached in the channel.`;
  });
}

interface PageRef {
  pageId: number;
  level: number;
  cycle: number;
}

/** The escalation timer's row first, then the page: the order a firing escalation takes them in. */
async function lockPage(tx: Tx, pageId: number) {
  await tx.$queryRaw`SELECT id FROM job WHERE key = ${`escalation:${pageId}`} FOR UPDATE`;
  await tx.$queryRaw`SELECT id FROM page WHERE id = ${pageId} FOR UPDATE`;
  const page = await tx.page.findUnique({ where: { id: pageId }, include: { incident: true } });
  if (!page) throw new UserError('That page no longer exists.');
  return page;
}

export async function acknowledgePage(deps: Deps, ref: PageRef, userId: string): Promise<string> {
  const now = deps.clock.now();
  const reply = await deps.db.$transaction(async (tx) => {
    const page = await lockPage(tx, ref.pageId);
    if (page.state === 'acknowledged') {
      return `Already acknowledged by ${mentionUser(page.acknowledgedBy!)} at ${slackTime(page.acknowledgedAt!, deps.config.timezone)}. Nothing more to do.`;
    }
    if (page.state === 'cancelled' || page.incident.state === 'closed') return `Incident #${page.incidentId} is closed; this page was cancelled.`;
    const incidentId = page.incidentId;
    await tx.page.update({ where: { id: page.id }, data: { state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: userId } });
    const tta = now.getTime() - page.createdAt.getTime();
    if (!page.incident.acknowledgedAt) {
      await tx.incident.update({ where: { id: incidentId }, data: { acknowledgedAt: now, acknowledgedBy: userId } });
    }
    await cancelJob(tx, `escalation:${page.id}`, now);
    await addTimeline(tx, {
      incidentId,
      at: now,
      actorId: userId,
      kind: 'ack',
      text: `${mentionUser(userId)} acknowledged page #${page.id} after ${formatDuration(tta)}`,
      data: { pageId: page.id, ttaMs: tta },
    });
    const sent = await tx.pageNotification.findMany({ where: { pageId: page.id } });
    for (const n of sent) {
      await enqueueOnce(
        tx,
        { key: `dm-update:${n.id}`, kind: JOB.pageDmUpdate, lane: 'slack', incidentId, payload: { notificationId: n.id }, dueAt: now },
        now,
      );
    }
    await enqueuePost(tx, now, {
      key: `ack:${page.id}`,
      incidentId,
      to: { kind: 'incident' },
      text: `:white_check_mark: ${mentionUser(userId)} acknowledged the page (after ${formatDuration(tta)}). Escalation stopped.`,
    });
    await enqueueSummaryRefresh(tx, incidentId, now);
    return `You acknowledged page #${page.id}. Join the incident channel to help.`;
  });
  deps.kick();
  return reply;
}

export async function escalatePage(deps: Deps, ref: PageRef, userId: string): Promise<string> {
  const now = deps.clock.now();
  const reply = await deps.db.$transaction(async (tx) => {
    const page = await lockPage(tx, ref.pageId);
    if (page.state === 'acknowledged') return `Already acknowledged by ${mentionUser(page.acknowledgedBy!)}; nothing to escalate.`;
    if (page.state !== 'open') return `This page is ${page.state}; nothing to escalate.`;
    const current: Step = { level: page.level, cycle: page.cycle };
    if (current.level !== ref.level || current.cycle !== ref.cycle) {
      return `Already escalated: the page is at ${describeStep(current)} now.`;
    }
    await armEscalation(tx, page.id, page.incidentId, now, { action: 'advance', from: current, by: userId }, now);
    await addTimeline(tx, {
      incidentId: page.incidentId,
      at: now,
      actorId: userId,
      kind: 'escalate',
      text: `${mentionUser(userId)} escalated page #${page.id} past ${describeStep(current)}`,
      data: { pageId: page.id, from: { ...current } },
    });
    return current.level === AD_HOC_LEVEL ? 'Escalating to the incident\'s escalation policy now.' : 'Escalating to the next level now.';
  });
  deps.kick();
  return reply;
}

