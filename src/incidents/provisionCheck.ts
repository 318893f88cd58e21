/**
 * Channel set-up that keeps failing is handed to a human. When an incident is declared, a timer is
 * armed for the end of the set-up grace period (`channel_setup_timeout`, default 2 minutes). If the
 * channel still does not exist then, the reporter gets a DM and the announce channel a post: what
 * happened, that the incident is recorded and its pages run, and what to do meanwhile. The set-up
 * itself keeps trying (a few times a minute) unless Slack refused it for good.
 * Load (the incident, the set-up job's last error) → decide (pure) → apply (one transaction).
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { PolicyConfig } from '../config/policy';
import type { Tx } from '../db/types';
import { formatDuration } from '../time/duration';
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import { enqueue, enqueuePost, jobKey, jobStatus, JOB, type TimerHandler } from '../outbox';
import { addTimeline, lockIncident } from './store';

export interface ProvisionCheckInput {
  incident: {
    id: number;
    title: string;
    severity: string;
    state: string;
    reporterId: string;
    declaredAt: Date;
    channelId: string | null;
    provisionError: string | null;
    private: boolean;
  } | null;
  /** The set-up job's last error while it is still retrying. */
  retryingAfter: string | null;
}

export type ProvisionCheckDecision =
  | { kind: 'nothing'; why: string }
  | {
      kind: 'tell';
      incidentId: number;
      dm: { userId: string; text: string } | null;
      announce: string;
      timeline: string;
    };

export function decideProvisionCheck(
  input: ProvisionCheckInput,
  config: PolicyConfig,
  now: Date,
): ProvisionCheckDecision {
  const { incident } = input;
  if (!incident) return { kind: 'nothing', why: 'incident gone' };
  if (incident.channelId) return { kind: 'nothing', why: 'channel exists' };
  if (incident.state !== 'open') return { kind: 'nothing', why: 'incident closed' };
  const closeCmd = `\`${config.commands.incident} close ${incident.id}\``;
  const what = `Incident #${incident.id} · ${incident.severity} "${escapeMrkdwn(incident.title)}" (declared by ${mentionUser(incident.reporterId)} ${formatDuration(now.getTime() - incident.declaredAt.getTime())} ago)`;
  const still = incident.provisionError
    ? `Slack refused to create its channel (\`${escapeMrkdwn(incident.provisionError)}\`), so the bot has stopped trying: ask a workspace admin to check the app's scopes and channel limits.`
    : `Slack has not let the bot create its channel yet${input.retryingAfter ? ` (last error: \`${escapeMrkdwn(input.retryingAfter)}\`)` : ''}. The bot keeps trying and will ${incident.private ? 'invite you' : 'announce the channel here'} when it exists.${incident.private && input.retryingAfter?.includes('missing_scope') ? ` A private incident's channel needs the app's \`groups:write\`, \`groups:read\` and \`groups:history\` scopes: a workspace admin adds them under OAuth & Permissions → Scopes and reinstalls the app.` : ''}`;
  const meanwhile = `The incident is recorded; its pages, escalations and reminders are running. Meanwhile coordinate in a channel or thread of your choosing; ${closeCmd} works from any channel.`;
  return {
    kind: 'tell',
    incidentId: incident.id,
    // A refusal was already DMed to the reporter when it happened (provision.ts): no second DM.
    dm: incident.provisionError
      ? null
      : { userId: incident.reporterId, text: `:warning: ${what} has no channel. ${still} ${meanwhile}` },
    announce: `:warning: ${what} has no channel. ${still} ${meanwhile}`,
    timeline: `No channel after ${formatDuration(config.channelSetupTimeoutMs)}: reporter and announce channel told${input.retryingAfter ? ` (last error: ${escapeMrkdwn(input.retryingAfter)})` : ''}`,
  };
}

async function load(job: Job, deps: Deps): Promise<ProvisionCheckInput> {
  const incident = await deps.db.incident.findUnique({
    where: { id: job.incidentId! },
    select: {
      id: true,
      title: true,
      severity: true,
      state: true,
      reporterId: true,
      declaredAt: true,
      channelId: true,
      provisionError: true,
      private: true,
    },
  });
  const setup = incident ? await jobStatus(deps.db, jobKey.provision(incident.id)) : null;
  // "Slack conversations.create failed: http_503" → "conversations.create: http_503"
  const lastError = setup?.lastError?.replace(/^Slack (\S+) failed: /, '$1: ') ?? null;
  return { incident, retryingAfter: setup?.state === 'pending' ? lastError : null };
}

async function apply(tx: Tx, _job: Job, decision: ProvisionCheckDecision, _deps: Deps, now: Date): Promise<void> {
  if (decision.kind === 'nothing') return;
  const incident = await lockIncident(tx, decision.incidentId);
  if (!incident || incident.channelId) return; // created meanwhile: nothing to hand over
  if (decision.dm) {
    await enqueuePost(tx, now, {
      key: jobKey.setupStuckPost(incident.id, 'dm'),
      incidentId: incident.id,
      to: { kind: 'user', id: decision.dm.userId },
      text: decision.dm.text,
    });
  }
  await enqueuePost(tx, now, {
    key: jobKey.setupStuckPost(incident.id, 'announce'),
    incidentId: incident.id,
    to: { kind: 'announce' },
    text: decision.announce,
  });
  await addTimeline(tx, {
    incidentId: incident.id,
    at: now,
    actorId: null,
    kind: 'setup-stuck',
    text: decision.timeline,
  });
}

/** Armed at declaration. */
export async function armProvisionCheck(
  tx: Tx,
  incidentId: number,
  declaredAt: Date,
  config: PolicyConfig,
  now: Date,
): Promise<void> {
  await enqueue(tx, now, {
    kind: JOB.provisionCheck,
    key: jobKey.setupCheck(incidentId),
    incidentId,
    dueAt: new Date(declaredAt.getTime() + config.channelSetupTimeoutMs),
  });
}

export const provisionCheckTimer: TimerHandler<ProvisionCheckInput, ProvisionCheckDecision> = {
  load,
  decide: decideProvisionCheck,
  apply,
};
