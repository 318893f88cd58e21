/**
 * The post-mortem draft goes out when the incident closes (and again on `/incident postmortem`): the
 * Markdown is rendered and stored with the incident, a short Block Kit summary is posted to the
 * post-mortem channel, and the full Markdown is attached as a file there and in the incident channel
 * (files.getUploadURLExternal → upload → files.completeUploadExternal). Its own outbox job: a failure
 * here is retried and reported, and never blocks the close. Each share is recorded on the incident, so
 * a retry shares a file once.
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { Json } from '../db/types';
import { enqueuePost, jobKey, postMessageOnce } from '../outbox';
import { SlackCallError } from '../slack/gateway';
import { loadPostmortemData } from './data';
import { renderPostmortemMarkdown } from './markdown';
import { recordPostmortemDraft, recordPostmortemShared } from '../incidents/postmortemRecord';
import { postmortemSummaryBlocks, postmortemSummaryText } from './summaryBlocks';

export async function runPostmortem(job: Job, deps: Deps) {
  const data = await loadPostmortemData(deps, job.incidentId!);
  if (!data) return { skipped: 'incident not closed' };
  const markdown = renderPostmortemMarkdown(data);
  const incident = await recordPostmortemDraft(deps.db, data.id, markdown, deps.clock.now());
  const fileName = `${data.reference}-postmortem.md`;
  const postmortemChannel = await deps.directory.channelIdByName(deps.config.channels.postmortem);
  // A channel that does not exist will not appear by waiting: refused for this target, and said so.
  if (!postmortemChannel) throw new SlackCallError('conversations.list', 'channel_not_found');

  const blocks = postmortemSummaryBlocks(data, fileName);
  const summary = await postMessageOnce(deps, job, {
    channel: postmortemChannel,
    text: postmortemSummaryText(data),
    blocks,
    part: 'summary',
  });
  if (incident.channelId)
    await postMessageOnce(deps, job, {
      channel: incident.channelId,
      text: postmortemSummaryText(data),
      blocks,
      part: 'summary-incident',
    });
  // Keyed by this job and channel: a re-render (`/incident postmortem`) shares a new file; a retry of the same job does not share twice.
  const shared = (incident.postmortemShared as Record<string, string> | null) ?? {};
  const targets = [postmortemChannel, ...(incident.channelId ? [incident.channelId] : [])];
  for (const channel of targets) {
    const shareKey = `${job.key}:${channel}`;
    if (shared[shareKey]) continue;
    shared[shareKey] = await shareFile(deps, {
      channel,
      fileName,
      title: `Post-mortem draft: ${data.reference}`,
      markdown,
      comment:
        channel === postmortemChannel
          ? undefined
          : `:memo: The post-mortem draft for ${data.reference}. Fill it in and review it; \`${deps.config.commands.incident} postmortem done\` when the review is done.`,
    });
    await recordPostmortemShared(deps.db, data.id, shared);
  }
  return { summaryTs: summary.ts, files: shared } as Json;
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
  await enqueuePost(deps.db, now, {
    key: jobKey.postmortemFailedPost(job.key),
    incidentId: job.incidentId,
    to: { kind: 'incident' },
    text: `:warning: The post-mortem draft could not be posted to #${deps.config.channels.postmortem} (${reason}). It is stored with the incident; \`${deps.config.commands.incident} postmortem\` posts it again once that is fixed.`,
  });
  deps.kick();
}
