/**
 * Capture: a message in an incident's channel joins its timeline, with its own time and author, by
 * the "Add to timeline" message shortcut, a 📌 reaction, or pinning it. A message joins once, however
 * many ways it is added and however often Slack retries the event: (incident, message ts) is unique.
 */
import type { Deps } from '../runtime/deps';
import { escapeMrkdwn, mentionUser } from '../slack/mrkdwn';
import { findIncidentByChannel } from '../incidents/store';

export interface CapturedMessage {
  channelId: string;
  ts: string;
  authorId: string | null;
  /** As Slack sends it: mrkdwn, with its own &amp;/&lt;/&gt; escapes. */
  text: string;
}

export type CaptureResult = 'added' | 'already' | 'not-an-incident';

/** The message's text made inert: shown as written, never able to mention or link anyone when reposted. */
export function inertText(slackText: string): string {
  const plain = slackText.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return escapeMrkdwn(plain).slice(0, 2_900);
}

export async function captureMessage(
  deps: Deps,
  message: CapturedMessage,
  by: { userId: string; how: 'shortcut' | 'reaction' | 'pin' },
): Promise<CaptureResult> {
  const incident = await findIncidentByChannel(deps.db, message.channelId);
  if (!incident) return 'not-an-incident';
  const at = new Date(Math.round(Number(message.ts) * 1000));
  const author = message.authorId ? mentionUser(message.authorId) : 'someone';
  const { count } = await deps.db.timelineEvent.createMany({
    data: [
      {
        incidentId: incident.id,
        at: Number.isFinite(at.getTime()) ? at : deps.clock.now(),
        actorId: message.authorId,
        kind: 'captured',
        text: `${author}: ${inertText(message.text)}`,
        data: { channel: message.channelId, ts: message.ts, capturedBy: by.userId, how: by.how },
        sourceTs: message.ts,
      },
    ],
    skipDuplicates: true,
  });
  deps.log.info({ incidentId: incident.id, ts: message.ts, how: by.how, added: count === 1 }, 'message captured');
  return count === 1 ? 'added' : 'already';
}

/** A message by its ts, for events that carry only where it is (a reaction). Null when Slack does not have it. */
export async function fetchMessage(deps: Deps, channelId: string, ts: string): Promise<CapturedMessage | null> {
  const history = await deps.slack.call('conversations.history', {
    channel: channelId,
    latest: ts,
    oldest: ts,
    inclusive: true,
    limit: 1,
  });
  const found = (history.messages as { ts: string; user?: string; text?: string }[] | undefined)?.find(
    (m) => m.ts === ts,
  );
  if (found) return { channelId, ts, authorId: found.user ?? null, text: found.text ?? '' };
  // A reply in a thread is not in the channel's history: ask for the thread.
  const replies = await deps.slack
    .call('conversations.replies', { channel: channelId, ts, latest: ts, oldest: ts, inclusive: true, limit: 1 })
    .catch(() => null);
  const reply = (replies?.messages as { ts: string; user?: string; text?: string }[] | undefined)?.find(
    (m) => m.ts === ts,
  );
  return reply ? { channelId, ts, authorId: reply.user ?? null, text: reply.text ?? '' } : null;
}
