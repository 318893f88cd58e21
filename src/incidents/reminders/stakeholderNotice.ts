/**
 * A stakeholder notice fires: the incident is still open `after` its declaration (or last re-plan),
 * so the people the policy names are told. Load (the incident, and Slack's members of any user group
 * named) → decide (pure) → apply (one transaction).
 */
import type { Job } from '../../generated/prisma/client';
import type { Deps } from '../../runtime/deps';
import type { PolicyConfig } from '../../config/policy';
import type { Tx } from '../../db/types';
import { formatDuration } from '../../time/duration';
import { escapeMrkdwn, mentionChannel, mentionUser } from '../../slack/mrkdwn';
import {
  CHANNEL_PLACEHOLDER,
  enqueuePost,
  jobKey,
  lateNote,
  StaleDecision,
  type StakeholderNoticePayload,
  type TimerHandler,
} from '../../outbox';
import { addTimeline, getIncident } from '../store';
import { loadGroups, resolveTargets, type GroupLookup } from '../../paging/targets';
import { loadSchedules } from '../../schedules/storedOverrides';

export interface NoticeInput {
  dueAt: Date;
  notice: StakeholderNoticePayload;
  incident: {
    id: number;
    state: string;
    severity: string;
    title: string;
    status: string;
    declaredAt: Date;
    private: boolean;
  } | null;
  groups: Record<string, GroupLookup>;
  /** The policy's schedules with the overrides stored from Slack; absent: the policy's alone. */
  schedules?: PolicyConfig['schedules'];
}

export type NoticeDecision =
  | { kind: 'nothing'; why: string }
  | { kind: 'notify'; incidentId: number; users: string[]; channels: string[]; text: string; timelineText: string };

export function decideNotice(input: NoticeInput, config: PolicyConfig, now: Date): NoticeDecision {
  const { incident } = input;
  if (!incident || incident.state !== 'open') return { kind: 'nothing', why: 'incident closed' };
  const notice = config.escalationPolicies[input.notice.policy]?.unresolved[input.notice.index];
  if (!notice) return { kind: 'nothing', why: 'notice no longer in the policy' };
  const resolved = resolveTargets(
    notice.notify,
    { schedules: input.schedules ?? config.schedules, groups: input.groups },
    now,
  );
  const open = formatDuration(now.getTime() - incident.declaredAt.getTime());
  const who = [...resolved.users.map(mentionUser), ...resolved.channels.map(mentionChannel)].join(', ') || 'nobody';
  return {
    kind: 'notify',
    incidentId: incident.id,
    users: resolved.users,
    channels: resolved.channels,
    text: noticeText(incident, open),
    timelineText: `Still open after ${open}: told ${who}${lateNote(input.dueAt, now)}`,
  };
}

/**
 * What the stakeholders are told. They are not its members, so a private incident is named by its
 * number only: no title, severity, status or channel (its members can invite them).
 */
function noticeText(incident: NonNullable<NoticeInput['incident']>, open: string): string {
  if (incident.private)
    return `:hourglass: Private incident #${incident.id} is still unresolved after ${open}. Its channel is private: its members can invite you.`;
  return `:hourglass: ${incident.severity} incident #${incident.id} "${escapeMrkdwn(incident.title)}" is still unresolved after ${open} (status: ${incident.status}). Follow it in ${CHANNEL_PLACEHOLDER}.`;
}

async function load(job: Job, deps: Deps, now: Date): Promise<NoticeInput> {
  const notice = job.payload as unknown as StakeholderNoticePayload;
  const incident = await getIncident(deps.db, job.incidentId!);
  const targets = deps.config.escalationPolicies[notice.policy]?.unresolved[notice.index]?.notify ?? [];
  const open = incident?.state === 'open';
  if (!open) return { dueAt: job.dueAt, notice, incident, groups: {} };
  return {
    dueAt: job.dueAt,
    notice,
    incident,
    groups: await loadGroups(deps, targets),
    schedules: await loadSchedules(deps, now),
  };
}

async function apply(tx: Tx, job: Job, decision: NoticeDecision, _deps: Deps, now: Date): Promise<void> {
  if (decision.kind === 'nothing') return;
  const rows = await tx.$queryRaw<
    { state: string }[]
  >`SELECT state FROM incident WHERE id = ${decision.incidentId} FOR UPDATE`;
  if (rows[0]?.state !== 'open') throw new StaleDecision(`incident ${decision.incidentId} closed since it was loaded`);
  for (const userId of decision.users) {
    await enqueuePost(tx, now, {
      key: jobKey.stakeholderPost(job.key, userId),
      incidentId: decision.incidentId,
      to: { kind: 'user', id: userId },
      text: decision.text,
    });
  }
  for (const channelId of decision.channels) {
    await enqueuePost(tx, now, {
      key: jobKey.stakeholderPost(job.key, channelId),
      incidentId: decision.incidentId,
      to: { kind: 'channel', id: channelId },
      text: decision.text,
    });
  }
  await addTimeline(tx, {
    incidentId: decision.incidentId,
    at: now,
    actorId: null,
    kind: 'stakeholders',
    text: decision.timelineText,
  });
}

function committed(decision: NoticeDecision, deps: Deps): void {
  const told = decision.kind === 'notify' ? decision.users.length + decision.channels.length : 0;
  if (told > 0) deps.metrics.reminders.inc({ kind: 'stakeholder_notice' }, told);
}

export const stakeholderNoticeTimer: TimerHandler<NoticeInput, NoticeDecision> = {
  load,
  decide: decideNotice,
  apply,
  committed,
};
