/** A 📌 reaction or a pin in an incident's channel adds the message to the timeline (Bolt acks events at once). */
import type { Deps } from '../../runtime/deps';
import { captureMessage, fetchMessage } from '../../postmortem/capture';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  on.event('reaction_added', async ({ event, context }) => {
    if (event.reaction !== 'pushpin' || event.item.type !== 'message' || event.user === context.botUserId) return;
    const { channel, ts } = event.item;
    await answer.event({ event: 'reaction_added', user: event.user }, async () => {
      const message = await fetchMessage(deps, channel, ts);
      if (message) await captureMessage(deps, message, { userId: event.user, how: 'reaction' });
    });
  });
  on.event('pin_added', async ({ event, context }) => {
    // The bot pins each incident's live summary itself: that is not someone adding to the timeline.
    if (event.user === context.botUserId) return;
    const item = event.item as {
      type?: string;
      channel?: string;
      message?: { ts: string; user?: string; text?: string };
    };
    if (item.type !== 'message' || !item.message) return;
    const message = item.message;
    await answer.event({ event: 'pin_added', user: event.user }, () =>
      captureMessage(
        deps,
        { channelId: event.channel_id, ts: message.ts, authorId: message.user ?? null, text: message.text ?? '' },
        { userId: event.user, how: 'pin' },
      ),
    );
  });
}
