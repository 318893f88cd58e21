/** The message shortcut "Add to timeline": the message joins its incident's timeline. */
import type { Deps } from '../../runtime/deps';
import { captureMessage } from '../../postmortem/capture';
import { CALLBACK } from '../../slack/ids';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  on.messageShortcut(CALLBACK.addToTimeline, async ({ shortcut, ack, respond }) => {
    await answer.action(ack, respond, { shortcut: CALLBACK.addToTimeline, user: shortcut.user.id }, async () => {
      const result = await captureMessage(
        deps,
        {
          channelId: shortcut.channel.id,
          ts: shortcut.message.ts,
          authorId: shortcut.message.user ?? null,
          text: shortcut.message.text ?? '',
        },
        { userId: shortcut.user.id, how: 'shortcut' },
      );
      if (result === 'not-an-incident')
        return "This channel is not an incident's channel, so there is no timeline to add to.";
      return result === 'added'
        ? 'Added to the incident timeline.'
        : 'That message is already on the incident timeline.';
    });
  });
}
