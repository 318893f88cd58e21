/**
 * The post-mortem draft goes out when the incident closes (and again on `/incident postmortem`): the
 * Markdown is rendered and stored with the incident, a short Block Kit summary is posted to the
 * post-mortem channel, and the full Markdown is attached as a file there and in the incident channel
 * (files.getUploadURLExternal → upload → files.completeUploadExternal). Its own outbox job: a failure
 * here is retried and reported, and never blocks the close. Each share is recorded on the incident, so
 * a retry shares a file once.
 *
 * A private incident's draft names it, so it goes only where its members (or those the policy trusts
 * with every private post-mortem) read: `channels.private_postmortem` when set, else only the
 * incident channel — never `channels.postmortem`.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { Json } from '../db/types';
import { enqueuePost, jobKey, postMessageOnce } from '../outbox';
import { SlackCallError } from '../slack/gateway';
import { loadPostmortemData } from './data';
import { renderPostmortemMarkdown } from './markdown';
import { recordPostmortemDraft, recordPostmortemShared } from '../incidents/postmortemRecord';
import { postmortemChannelName } from '../incidents/privacy';
import { postmortemSummaryBlocks, postmortemSummaryText } from './summaryBlocks';

export async function runPostmortem(job: Job, deps: Deps) {
  const data = await loadPostmortemData(deps, job.incidentId!);
  if (!data) return { skipped: 'incident not closed' };
  const markdown = renderPostmortemMarkdown(data);
  const incident = await recordPostmortemDraft(deps.db, data.id, markdown, deps.clock.now());
  const fileName = `${data.reference}-postmortem.md`;
  const blocks = postmortemSummaryBlocks(data, fileName);
  // Keyed by this job and channel: a re-render (`/incident postmortem`) shares a new file; a retry of the same job does not share twice.
  const shared = (incident.postmortemShared as Record<string, string> | null) ?? {};
  const share = async (channel: string, comment?: string) => {
    const shareKey = `${job.key}:${channel}`;
    if (shared[shareKey]) return;
    shared[shareKey] = await shareFile(deps, {
      channel,
      fileName,
      title: `Post-mortem draft: ${data.reference}`,
      markdown,
      comment,
    });
    await recordPostmortemShared(deps.db, data.id, shared);
  };

  // The incident's own channel first: whatever happens to the other one, its members have the draft.
  let inChannel: { ts: string } | null = null;
  if (incident.channelId) {
    inChannel = await postMessageOnce(deps, job, {
      channel: incident.channelId,
      text: postmortemSummaryText(data),
      blocks,
      part: 'summary-incident',
    });
    await share(
      incident.channelId,
      `:memo: The post-mortem draft for ${data.reference}. Fill it in and review it; \`${deps.config.commands.incident} postmortem done\` when the review is done.`,
    );
  }

  const shareTo = postmortemChannelName(incident, deps.config);
  const postmortemChannel = shareTo ? await deps.directory.channelIdByName(shareTo) : null;
  // A channel that does not exist will not appear by waiting: refused for this target, and said so. A
  // private channel the bot is not in is not listed to it either, so it is refused the same way.
  if (shareTo && !postmortemChannel) throw new SlackCallError('conversations.list', 'channel_not_found');
  // A public channel named as the private one would show the draft to everyone: it stays in the incident channel.
  const trusted = postmortemChannel && incident.private ? await isPrivateChannel(deps, postmortemChannel) : true;
  const outside = trusted ? postmortemChannel : null;
  if (!trusted) await sayNotPrivate(deps, job, shareTo!);
  const summary = outside
    ? await postMessageOnce(deps, job, {
        channel: outside,
        text: postmortemSummaryText(data),
        blocks,
        part: 'summary',
      })
    : null;
  if (outside) await share(outside);
  return { summaryTs: (summary ?? inChannel)?.ts ?? null, files: shared } as Json;
}

/** Slack's word on whether a channel is private; any doubt is a no, as the draft would leak. */
async function isPrivateChannel(deps: Deps, channelId: string): Promise<boolean> {
  const info = await deps.slack.call('conversations.info', { channel: channelId });
  return (info.channel as { is_private?: boolean } | undefined)?.is_private === true;
}

/** Told in the incident channel: the policy names a public channel for private post-mortems. */
async function sayNotPrivate(deps: Deps, job: Job, name: string): Promise<void> {
  await enqueuePost(deps.db, deps.clock.now(), {
    key: jobKey.postmortemNotPrivatePost(job.key),
    incidentId: job.incidentId,
    to: { kind: 'incident' },
    text: `:warning: The post-mortem draft was not shared in #${name}: \`channels.private_postmortem\` names it, but it is not a private channel, and this incident is private. The draft is here only; make #${name} private (or name a private channel) and \`${deps.config.commands.incident} postmortem\` shares it again.`,
  });
  deps.kick();
}

async function shareFile(
  deps: Deps,
  file: { channel: string; fileName: string; title: string; markdown: string; comment?: string },
): Promise<string> {
  const bytes = Buffer.from(file.markdown, 'utf8');
  const ticket = await deps.slack.call('files.getUploadURLExternal', {
    filename: file.fileName,
    length: bytes.length,
    snippet_type: 'markdown',
  });
  await deps.slack.upload(ticket.upload_url as string, bytes);
  const complete = () =>
    deps.slack.call('files.completeUploadExternal', {
      files: JSON.stringify([{ id: ticket.file_id, title: file.title }]),
      channel_id: file.channel,
      ...(file.comment ? { initial_comment: file.comment } : {}),
    });
  try {
    await complete();
  } catch (error) {
    // Sharing a file needs membership (chat:write.public covers messages only): join, then share.
    if (!(error instanceof SlackCallError) || error.slackError !== 'not_in_channel') throw error;
    await deps.slack.call('conversations.join', { channel: file.channel });
    await complete();
  }
  return ticket.file_id as string;
}

/** The outbox gave the draft up: say so in the incident channel; the Markdown is stored, and can be re-posted. */
export async function postmortemGaveUp(job: Job, deps: Deps, reason: string): Promise<void> {
  const now = deps.clock.now();
  const incident = job.incidentId
    ? await deps.db.incident.findUnique({ where: { id: job.incidentId }, select: { private: true } })
    : null;
  const name = postmortemChannelName({ private: incident?.private ?? false }, deps.config);
  // A private post-mortem channel the bot is not in looks to it like one that does not exist.
  const hint = incident?.private && name ? ' (a private channel must have the bot in it: invite it)' : '';
  await enqueuePost(deps.db, now, {
    key: jobKey.postmortemFailedPost(job.key),
    incidentId: job.incidentId,
    to: { kind: 'incident' },
    text: `:warning: The post-mortem draft could not be posted to ${name ? `#${name}${hint}` : 'this channel'} (${reason}). It is stored with the incident; \`${deps.config.commands.incident} postmortem\` posts it again once that is fixed.`,
  });
  deps.kick();
}
