/** Every listener, registered in one place. Each file parses, acks and calls a flow — nothing more. */
import type { App } from '@slack/bolt';
import type { Deps } from '../runtime/deps';
import * as incidentCommand from './commands/incident';
import * as statusCommand from './commands/status';
import * as pageCommand from './commands/page';
import * as oncallCommand from './commands/oncall';
import * as pageButtons from './actions/pageButtons';
import * as closeButton from './actions/closeButton';
import * as actionItemButtons from './actions/actionItemButtons';
import * as overrideButtons from './actions/overrideButtons';
import * as swapButtons from './actions/swapButtons';
import * as alertButtons from './actions/alertButtons';
import * as contactButtons from './actions/contactButtons';
import * as joinButton from './actions/joinButton';
import * as addToTimeline from './shortcuts/addToTimeline';
import * as captureEvents from './events/capture';
import * as appHomeEvents from './events/appHome';
import * as createIncident from './views/createIncident';
import * as contactMethods from './views/contactMethods';
import { createAnswerer } from './ackAndReply';
import { BackgroundTasks } from './backgroundTasks';
import { ListenerRouter } from './router';

/** Returns the queue of work done after acks, so a graceful stop can let it finish. */
export function registerListeners(app: App, deps: Deps): BackgroundTasks {
  const queue = new BackgroundTasks(undefined, undefined, deps.ackFirst);
  const answer = createAnswerer(deps.log, queue);
  // One Bolt middleware routes every request to its listener (router.ts says why not one Bolt listener each).
  const on = new ListenerRouter();
  for (const listener of [
    incidentCommand,
    statusCommand,
    pageCommand,
    oncallCommand,
    pageButtons,
    closeButton,
    actionItemButtons,
    overrideButtons,
    swapButtons,
    alertButtons,
    contactButtons,
    joinButton,
    addToTimeline,
    captureEvents,
    appHomeEvents,
    createIncident,
    contactMethods,
  ]) {
    listener.register(on, deps, answer);
  }
  on.install(app);
  return queue;
}
