/**
 * Provisioning a declared incident's Slack side: channel, invites, pinned summary, topic,
 * announcement. Each step records its result on the incident row before the next starts, so a retry
 * (after a 429, a 5xx, or a crash) resumes where it stopped instead of creating a second channel.
 * A permanent failure (a missing scope, a name Slack refuses) is recorded and told to the reporter;
 * the incident itself is already safe in Postgres.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import { channelName } from './channelName';
import { escapeMrkdwn, mentionChannel, mentionUser } from '../slack/mrkdwn';

import { SlackCallError } from '../slack/gateway';
import { summaryBlocks, summaryText } from './views/summary';
import { getIncident, IncidentWithRoles } from './store';
import { holdsLease, LeaseLost, postMessageOnce } from '../outbox';
import { openDm } from '../slack/dm';
import { incidentLogFields } from './logFields';

const MAX_NAME_ATTEMPTS = 50;

export async function runProvision(job: Job, deps: Deps) {
  let incident = await getIncident(deps.db, job.incidentId!);
  if (!incident) return { skipped: 'incident gone' };
  try {
    if (!incident.channelId) incident = await createChannel(incident, job, deps);
    await inviteMembers(incident, deps);
    if (!incident.summaryTs) {
      const posted = await postMessageOnce(deps, job, {
        channel: incident.channelId!,
        text: summaryText(incident),
        blocks: summaryBlocks(incident, deps.config, deps.clock.now()),
      });
      incident = await update(deps, incident.id, { summaryTs: posted.ts });
    }
    if (!incident.summaryPinned) {
      await ignoring(['already_pinned'], () =>
        deps.slack.call('pins.add', { channel: incident!.channelId, timestamp: incident!.summaryTs }),
      );
      incident = await update(deps, incident.id, { summaryPinned: true });
    }
    if (!incident.provisionedAt) {
      const ic = incident.roles.find((r) => r.role === 'ic');
      const topic =
        `${incident.severity} · ${escapeMrkdwn(incident.title)} · IC ${ic ? mentionUser(ic.userId) : 'unassigned'}`.slice(
          0,
          250,
        );
      await deps.slack.call('conversations.setTopic', { channel: incident.channelId, topic });
    }
    const announcement = announcementOf(incident, deps.config.privateIncidents.announce);
    if (announcement && !incident.announceTs && !incident.provisionedAt) {
      try {
        const announced = await postMessageOnce(deps, job, {
          channel: deps.config.channels.announce,
          text: announcement,
          part: 'announce',
        });
        incident = await update(deps, incident.id, { announceTs: announced.ts });
      } catch (error) {
        // The channel is set up and works; only the announce channel refused (archived, bot not in it):
        // say so where the responders are, and finish set-up rather than report the channel as failed.
        if (!(error instanceof SlackCallError) || error.kind !== 'target') throw error;
        deps.log.error(
          { incidentId: incident.id, channel: deps.config.channels.announce, slackError: error.slackError },
          'incident could not be announced',
        );
        await postMessageOnce(deps, job, {
          channel: incident.channelId!,
          text: refusedChannelWarning(
            'This incident could not be announced',
            deps.config.channels.announce,
            error.slackError,
          ),
          part: 'announce-refused',
        });
      }
    }
    if (!incident.provisionedAt) await update(deps, incident.id, { provisionedAt: deps.clock.now() });
    return { channel: incident.channelId, name: incident.channelName };
  } catch (error) {
    if (error instanceof SlackCallError && !error.retryable) await reportProvisionFailure(incident, error, deps);
    throw error;
  }
}

async function createChannel(incident: IncidentWithRoles, job: Job, deps: Deps): Promise<IncidentWithRoles> {
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    // A second channel is the one thing worse than none: never create one after our lease was taken over.
    if (!(await holdsLease(deps.db, job, deps.clock.now())))
      throw new LeaseLost(`lease on ${job.key} was taken over; not creating a channel`);
    const name = channelName({
      pattern: deps.config.channelNamePattern,
      // Workspace admins list private channels by name: a private incident's name says only its number.
      title: incident.private ? `private ${incident.id}` : incident.title,
      incidentId: incident.id,
      severity: incident.private ? 'private' : incident.severity,
      declaredAt: incident.declaredAt,
      timezone: deps.config.timezone,
      attempt,
    });
    try {
      const created = await deps.slack.call('conversations.create', { name, is_private: incident.private });
      const id = (created.channel as { id: string }).id;
      deps.log.info(incidentLogFields(incident, { name }, { channel: id }), 'incident channel created');
      return await update(deps, incident.id, { channelId: id, channelName: name, channelPrivate: incident.private });
    } catch (error) {
      if (error instanceof SlackCallError && error.slackError === 'name_taken') continue;
      throw error;
    }
  }
  throw new SlackCallError('conversations.create', 'name_taken');
}

/** People who can't be invited (deactivated, another workspace…) must not stop the channel's set-up. */
async function inviteMembers(incident: IncidentWithRoles, deps: Deps): Promise<void> {
  const users = [...new Set([incident.reporterId, ...incident.roles.map((r) => r.userId)])];
  try {
    await inviteToChannel(deps, incident.channelId!, users);
  } catch (error) {
    if (!(error instanceof SlackCallError) || error.retryable) throw error;
    deps.log.warn(
      { incidentId: incident.id, slackError: error.slackError, users },
      'could not invite to the incident channel; continuing',
    );
  }
}

/** Invite, tolerating people already there. One bad id must not keep the others out. */
export async function inviteToChannel(deps: Deps, channel: string, users: string[]): Promise<void> {
  try {
    await deps.slack.call('conversations.invite', { channel, users: users.join(','), force: true });
  } catch (error) {
    if (error instanceof SlackCallError && ['already_in_channel', 'cant_invite_self'].includes(error.slackError))
      return;
    throw error;
  } finally {
    // Who may see a private incident is read from the channel's members: the next look must see these
    // (forgotten after the call, so a look made during it cannot keep the old list).
    deps.directory.forgetChannelMembers(channel);
  }
}

/**
 * What the announce channel is told of a declared incident: a private one is not announced at all,
 * or (`announce_private: count`) only that one was declared — no number, title, severity or channel.
 */
export function announcementOf(
  incident: Pick<IncidentWithRoles, 'private' | 'severity' | 'title' | 'channelId' | 'reporterId'>,
  privateAnnounce: 'none' | 'count',
): string | null {
  if (incident.private)
    return privateAnnounce === 'count' ? ':lock: A private incident was declared. Its members were invited.' : null;
  return `:rotating_light: *${incident.severity} incident declared:* ${escapeMrkdwn(incident.title)}\nJoin ${mentionChannel(incident.channelId!)} · declared by ${mentionUser(incident.reporterId)}`;
}

/**
 * What to tell people when Slack refused a post to a channel named in the policy file: the code, and
 * what fixes it (the bot is told these by Slack; people are not).
 */
export function refusedChannelWarning(what: string, channel: string, slackError: string): string {
  const fix =
    slackError === 'is_archived'
      ? `Unarchive #${channel}, or point \`channels\` in the policy file at a channel in use.`
      : slackError === 'not_in_channel' || slackError === 'channel_not_found'
        ? `Invite the bot to #${channel} (\`/invite @bot\`), or fix \`channels\` in the policy file.`
        : '';
  return `:warning: ${what} in #${channel}: Slack answered \`${slackError}\`. ${fix}`.trim();
}

async function ignoring(codes: string[], call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (error instanceof SlackCallError && codes.includes(error.slackError)) return;
    throw error;
  }
}

async function update(
  deps: Deps,
  id: number,
  data: Parameters<Deps['db']['incident']['update']>[0]['data'],
): Promise<IncidentWithRoles> {
  return deps.db.incident.update({ where: { id }, data, include: { roles: true } });
}

async function reportProvisionFailure(incident: IncidentWithRoles, error: SlackCallError, deps: Deps): Promise<void> {
  await deps.db.incident.update({
    where: { id: incident.id },
    data: { provisionError: `${error.method}: ${error.slackError}` },
  });
  deps.log.error(
    { incidentId: incident.id, method: error.method, slackError: error.slackError },
    'incident channel set-up failed',
  );
  const text = `:warning: Incident #${incident.id} (${escapeMrkdwn(incident.title)}) is recorded, but Slack refused to set up its channel: \`${error.method}\` → \`${error.slackError}\`. Ask a workspace admin to check the app's scopes; the incident's timeline and timers keep running.`;
  try {
    await deps.slack.call('chat.postMessage', { channel: await openDm(deps.slack, incident.reporterId), text });
  } catch (dmError) {
    deps.log.error({ incidentId: incident.id, err: String(dmError) }, 'could not tell the reporter either');
  }
}
