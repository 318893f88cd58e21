/** Opening the bot's Home tab publishes it for that person (Bolt acks events at once; the publish runs after). */
import type { Deps } from '../../runtime/deps';
import { openHome } from '../../home/publish';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  on.event('app_home_opened', async ({ event }) => {
    // The same event says when someone opens the Messages tab: nothing to publish then.
    if (event.tab !== 'home') return;
    await answer.event({ event: 'app_home_opened', user: event.user }, () => openHome(deps, event.user));
  });
}
