/**
 * An escalation timer fires: page the people of a step, or — nobody acknowledged in time — move to
 * the next step. Runs inside the claiming transaction, so the page row, the new notifications, the
 * DMs to send and the next timer commit together or not at all.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../deps';
import type { Target } from '../config/targets';
import { ackTimeoutFor, AD_HOC_LEVEL, describeStep, nextStep, notificationKey, Step } from './escalation';
import { escapeMrkdwn, mentionChannel, mentionUser } from '../slack/mrkdwn';
import { formatDuration } from '../time/duration';
import { addTimeline } from '../incidents/store';
import { enqueueOnce } from '../outbox/queue';
import type { Tx } from '../db/types';
import { armEscalation, CHANNEL_PLACEHOLDER, enqueuePost, EscalationPayload, JOB } from '../outbox/enqueue';
import { lateNote } from '../outbox/lateness';
import { resolveTargets } from './targets';

export async function runEscalation(tx: Tx, job: Job, deps: Deps, now: Date): Promise<void> {
  const payload = job.payload as unknown as EscalationPayload;
  const pageId = Number(job.key.split(':')[1]);
  await tx.$queryRaw`SELECT id FROM page WHERE id = ${pageId} FOR UPDATE`;
  const page = await tx.page.findUnique({ where: { id: pageId }, include: { incident: true } });
  if (!page || page.state !== 'open' || page.incident.state !== 'open') return;
  const policy = page.policy ? deps.config.escalationPolicies[page.policy] ?? null : null;
  const log = deps.log.child({ incidentId: page.incidentId, pageId });
  const late = lateNote(job.dueAt, now);

  let step: Step;
  if (payload.action === 'advance') {
    // A timer armed for a step the page has already left (an Escalate click got there first) is stale.
    if (page.level !== payload.from.level || page.cycle !== payload.from.cycle) return;
    const next = nextStep(payload.from, policy);
    if (next.kind === 'exhausted') return exhaust(tx, page, deps, now, late);
    step = next.step;
  } else {
    step = payload.step;
  }

  // Levels that reach nobody are skipped at once; the walk is finite because nextStep ends.
  for (;;) {
    const targets: Target[] =
      step.level === AD_HOC_LEVEL ? ((page.adHocTargets as unknown as Target[]) ?? []) : (policy?.levels[step.level]?.notify ?? []);
    const resolved = await resolveTargets(deps, targets, now);
    const reached = resolved.users.length + resolved.channels.length;
    if (reached > 0) {
      await notifyStep(tx, { page, step, resolved, deps, now, late });
      await tx.page.update({ where: { id: page.id }, data: { level: step.level, cycle: step.cycle } });
      const timeout = ackTimeoutFor(step, policy);
      await armEscalation(tx, page.id, page.incidentId, new Date(now.getTime() + timeout), { action: 'advance', from: step }, now);
      log.info({ level: step.level, cycle: step.cycle, users: resolved.users.length }, 'paged');
      return;
    }
    const text = `:warning: Page #${page.id}: ${describeStep(step)} reaches nobody (${resolved.empty.join(', ') || 'no targets'}); skipping it.${late}`;
    await addTimeline(tx, { incidentId: page.incidentId, at: now, actorId: null, kind: 'escalation-skip', text, data: { pageId: page.id, ...step } });
    await enqueuePost(tx, now, { key: `skip:${page.id}:c${step.cycle}:l${step.level}`, incidentId: page.incidentId, to: { kind: 'incident' }, text });
    const next = nextStep(step, policy);
    if (next.kind === 'exhausted') {
      await tx.page.update({ where: { id: page.id }, data: { level: step.level, cycle: step.cycle } });
      return exhaust(tx, page, deps, now, late);
    }
    step = next.step;
  }
}

async function notifyStep(
  tx: Tx,
  a: { page: { id: number; incidentId: number; message: string }; step: Step; resolved: { users: string[]; channels: string[]; empty: string[] }; deps: Deps; now: Date; late: string },
): Promise<void> {
  const { page, step, resolved, now } = a;
  for (const userId of resolved.users) {
    await tx.pageNotification.createMany({
      data: [{ pageId: page.id, level: step.level, cycle: step.cycle, userId, createdAt: now }],
      skipDuplicates: true,
    });
    await enqueueOnce(
      tx,
      { key: notificationKey(page.id, step, userId), kind: JOB.pageDm, lane: 'slack', incidentId: page.incidentId, payload: { pageId: page.id, userId, ...step }, dueAt: now },
      now,
    );
  }
  for (const channelId of resolved.channels) {
    await enqueuePost(tx, now, {
      key: `page:${page.id}:c${step.cycle}:l${step.level}:${channelId}`,
      incidentId: page.incidentId,
      to: { kind: 'channel', id: channelId },
      text: `:rotating_light: Page #${page.id} for incident ${CHANNEL_PLACEHOLDER}: ${escapeMrkdwn(page.message)}`,
    });
  }
  const who = [...resolved.users.map(mentionUser), ...resolved.channels.map(mentionChannel)].join(', ');
  const skipped = resolved.empty.length ? ` (reached nobody: ${resolved.empty.join(', ')})` : '';
  const text = `:pager: Paged ${who} — ${describeStep(step)}.${skipped}${a.late}`;
  await addTimeline(tx, { incidentId: page.incidentId, at: now, actorId: null, kind: 'paged', text, data: { pageId: page.id, ...step, users: resolved.users } });
  await enqueuePost(tx, now, { key: `paged:${page.id}:c${step.cycle}:l${step.level}`, incidentId: page.incidentId, to: { kind: 'incident' }, text });
}

async function exhaust(tx: Tx, page: { id: number; incidentId: number; createdAt: Date }, deps: Deps, now: Date, late: string): Promise<void> {
  await tx.page.update({ where: { id: page.id }, data: { state: 'exhausted' } });
  const text = `:rotating_light: <!here> *Nobody acknowledged page #${page.id}* after ${formatDuration(now.getTime() - page.createdAt.getTime())} and every escalation level. Page someone directly with \`${deps.config.commands.page} @person "message"\`.${late}`;
  await addTimeline(tx, { incidentId: page.incidentId, at: now, actorId: null, kind: 'exhausted', text: `Page #${page.id} exhausted: nobody acknowledged${late}`, data: { pageId: page.id } });
  await enqueuePost(tx, now, { key: `exhausted:${page.id}`, incidentId: page.incidentId, to: { kind: 'incident' }, text });
}
