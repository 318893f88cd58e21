/**
 * Hands each request from Slack to the one listener registered for it, as a single Bolt middleware that
 * finds the listener by the request's own key (command, action_id, callback_id, event type), rather than
 * one Bolt listener per handler whose middleware chains all run on every ack; a request nobody claims
 * goes on through Bolt. See docs/adr/0001-listener-router.md.
 */
import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  App,
  BlockButtonAction,
  MessageShortcut,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackShortcutMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';

type With<A> = A & AllMiddlewareArgs;
export type CommandListener = (args: With<SlackCommandMiddlewareArgs>) => Promise<void>;
export type ButtonListener = (args: With<SlackActionMiddlewareArgs<BlockButtonAction>>) => Promise<void>;
export type ViewSubmissionListener = (args: With<SlackViewMiddlewareArgs<ViewSubmitAction>>) => Promise<void>;
export type MessageShortcutListener = (args: With<SlackShortcutMiddlewareArgs<MessageShortcut>>) => Promise<void>;
export type EventListener<E extends string> = (args: With<SlackEventMiddlewareArgs<E>>) => Promise<void>;

type AnyListener = (args: never) => Promise<void>;

/** What a request is, as a routing key: `command:/incident`, `action:page_ack`, … (null: not ours to route). */
export function routeKey(body: Record<string, any>): string | null {
  // In Bolt's order (helpers getTypeAndConversation): a body with an `event` is an event, whatever else it has.
  if (body.event !== undefined) return typeof body.event?.type === 'string' ? `event:${body.event.type}` : null;
  if (typeof body.command === 'string') return `command:${body.command}`;
  switch (body.type) {
    case 'block_actions':
      return typeof body.actions?.[0]?.action_id === 'string' ? `action:${body.actions[0].action_id}` : null;
    case 'view_submission':
      return typeof body.view?.callback_id === 'string' ? `view:${body.view.callback_id}` : null;
    case 'message_action':
      return typeof body.callback_id === 'string' ? `message_shortcut:${body.callback_id}` : null;
    default:
      return null;
  }
}

export class ListenerRouter {
  private readonly listeners = new Map<string, AnyListener>();

  command(name: string, listener: CommandListener): void {
    this.add(`command:${name}`, listener);
  }

  /** A button in a message (block_actions), by its action_id. */
  button(actionId: string, listener: ButtonListener): void {
    this.add(`action:${actionId}`, listener);
  }

  /** A modal's submission, by its callback_id. */
  viewSubmission(callbackId: string, listener: ViewSubmissionListener): void {
    this.add(`view:${callbackId}`, listener);
  }

  messageShortcut(callbackId: string, listener: MessageShortcutListener): void {
    this.add(`message_shortcut:${callbackId}`, listener);
  }

  /** An Events API event (Bolt has acked it before any middleware runs). */
  event<E extends string>(type: E, listener: EventListener<E>): void {
    this.add(`event:${type}`, listener);
  }

  install(app: App): void {
    app.use(async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
      const key = routeKey(args.body as Record<string, any>);
      const listener = key === null ? undefined : this.listeners.get(key);
      if (listener) await (listener as (args: unknown) => Promise<void>)(args);
      else await args.next();
    });
  }

  private add(key: string, listener: AnyListener): void {
    // One listener per request: two would both ack, and only the first ack counts.
    if (this.listeners.has(key)) throw new Error(`two listeners for ${key}`);
    this.listeners.set(key, listener);
  }
}
