/**
 * Posting a message exactly once, as far as Slack lets us know. Every post carries its job key in
 * message metadata. A job whose earlier attempt's outcome is unknown (the process died mid-send, or the
 * request timed out) first looks for its own key in the channel's recent history: found → that message
 * is the result, not sent again; not found → sent now. So a crash can delay a page, never lose it, and
 * never repeat it — unless Slack accepted the message but does not yet show it in history (seconds).
 * A reply in a thread is looked for in that thread (conversations.replies): channel history does not
 * list thread replies. A channel given by name (#incidents) is looked up by name for that check
 * (conversations.list).
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import { MESSAGE_EVENT_TYPE } from '../slack/ids';
import { LeaseLost } from './handlerTypes';
import { holdsLease } from './jobTable';

export interface Posted {
  channel: string;
  ts: string;
  /** Found in history: an earlier attempt posted it, showing what that attempt rendered. */
  earlier?: true;
}

const isConversationId = (id: string) => /^[CDG][A-Z0-9]+$/.test(id);

export async function postMessageOnce(
  deps: Deps,
  job: Job,
  message: {
    channel: string;
    text: string;
    blocks?: unknown[];
    /** when one job posts several messages */
    part?: string;
    /** A reply in this thread (broadcast: shown in the channel too). A retry looks for an earlier reply in the thread. */
    thread?: { ts: string; broadcast: boolean };
  },
): Promise<Posted> {
  const key = message.part ? `${job.key}:${message.part}` : job.key;
  // A retry looks for the earlier attempt's message first; a channel named in the policy file is looked
  // up by name when this process has not posted there yet (another replica may have). `attempts`
  // counts the claims since the job last succeeded, and re-arming keeps it (jobTable.ts): a job
  // re-armed after an attempt that may have posted still looks.
  const retry = job.attempts > 1;
  const channelId = isConversationId(message.channel)
    ? message.channel
    : (deps.directory.knownChannelId(message.channel) ??
      (retry ? await deps.directory.channelIdByName(message.channel) : undefined));
  if (retry && channelId) {
    const earlier = await findPostedByKey(deps, channelId, key, job.createdAt, message.thread?.ts);
    if (earlier) {
      deps.log.info({ incidentId: job.incidentId, key }, 'earlier attempt had been delivered; not posting again');
      return { ...earlier, earlier: true };
    }
  }
  if (!(await holdsLease(deps.db, job, deps.clock.now())))
    throw new LeaseLost(`lease on ${job.key} was taken over; not posting`);
  const result = await deps.slack.call('chat.postMessage', {
    channel: message.channel,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.thread
      ? { thread_ts: message.thread.ts, ...(message.thread.broadcast ? { reply_broadcast: true } : {}) }
      : {}),
    unfurl_links: false,
    metadata: { event_type: MESSAGE_EVENT_TYPE, event_payload: { key } },
  });
  if (!isConversationId(message.channel)) deps.directory.rememberChannel(message.channel, result.channel as string);
  return { channel: result.channel as string, ts: result.ts as string };
}

/**
 * A job that will not post (what it was for has stopped) but whose earlier attempt may have: the
 * message Slack holds from that attempt, if any, so the caller can edit it instead of leaving it as sent.
 * Only a retry can have posted (`attempts` counts claims since the job last succeeded).
 */
export async function findEarlierPost(deps: Deps, job: Job, channel: string): Promise<Posted | null> {
  if (job.attempts <= 1) return null;
  const earlier = await findPostedByKey(deps, channel, job.key, job.createdAt, undefined);
  return earlier ? { ...earlier, earlier: true } : null;
}

async function findPostedByKey(
  deps: Deps,
  channel: string,
  key: string,
  since: Date,
  threadTs: string | undefined,
): Promise<Posted | null> {
  const window = {
    channel,
    oldest: String(Math.floor(since.getTime() / 1000) - 60),
    limit: 200,
    include_all_metadata: true,
  };
  const history = threadTs
    ? await deps.slack.call('conversations.replies', { ...window, ts: threadTs })
    : await deps.slack.call('conversations.history', window);
  const messages =
    (history.messages as { ts: string; metadata?: { event_type?: string; event_payload?: { key?: string } } }[]) ?? [];
  const mine = messages.find(
    (m) => m.metadata?.event_type === MESSAGE_EVENT_TYPE && m.metadata.event_payload?.key === key,
  );
  return mine ? { channel, ts: mine.ts } : null;
}
