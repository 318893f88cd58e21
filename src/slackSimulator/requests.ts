/**
 * What Slack sends an app, filled in the way Slack fills it in (trigger ids, response URLs, event ids,
 * the team and app the request is for), before it is put on a wire. One factory feeds both wires: the
 * HTTP driver (driver.ts) encodes and signs these bodies and POSTs them; the Socket Mode stand-in
 * (socketMode.ts) wraps the same bodies in envelopes and pushes them down a WebSocket.
 */
import { eventCallbackBody, slackTsNow, urlVerificationBody } from './events';
import {
  type Actor,
  blockActionsPayload,
  type BlockActionInput,
  commandForm,
  messageShortcutPayload,
  type MessageShortcutInput,
  type ViewStateValues,
  viewSubmissionPayload,
} from './payloads';

export interface SlackRequestOptions {
  teamId?: string;
  teamDomain?: string;
  appId?: string;
  botId?: string;
  /** The bot user the app is installed as, listed in event callbacks' `authorizations`. */
  botUserId?: string;
  /**
   * Builds the response_url Slack would attach; pass `standin.responseUrl` so posts are recorded.
   * The default points at a closed loopback port, so a stray post fails fast and stays local.
   */
  responseUrlFor?: (id: string) => string;
  /**
   * Told every trigger_id put in a request (made here or given by the test), when it is made: pass
   * `standin.issueTriggerId` so the stand-in's views.open knows it, and when it expires.
   */
  onTriggerId?: (id: string) => void;
}

export interface CommandRequest {
  command?: string;
  text: string;
  userId: string;
  userName?: string;
  channelId: string;
  channelName?: string;
  responseUrl?: string;
  triggerId?: string;
}

/** A button press as a test or the local Slack describes it: what Slack fills in itself may be left out. */
export type BlockActionRequest = Omit<BlockActionInput, 'blockId' | 'responseUrl' | 'triggerId' | 'actionTs'> &
  Partial<Pick<BlockActionInput, 'blockId' | 'responseUrl' | 'triggerId'>>;

export interface ViewSubmissionRequest {
  userId: string;
  userName?: string;
  callbackId: string;
  values: ViewStateValues;
  privateMetadata?: string;
  viewId?: string;
  triggerId?: string;
  blocks?: unknown[];
}

/** As the payload takes it, with the response URL and trigger id filled in when omitted. */
export type MessageShortcutRequest = Omit<MessageShortcutInput, 'responseUrl' | 'triggerId' | 'actionTs'> &
  Partial<Pick<MessageShortcutInput, 'responseUrl' | 'triggerId'>>;

/** How Slack delivers an event: first time, or again after the app did not answer in time. */
export interface EventDelivery {
  /** Sets X-Slack-Retry-Num over HTTP, `retry_attempt` in a Socket Mode envelope (Slack retries 3 times: 1, 2, 3). */
  retryNum?: number;
  /** X-Slack-Retry-Reason / `retry_reason`, sent with retryNum. Default 'http_timeout'. */
  retryReason?: string;
  /** Default: a new id, except that a retry (retryNum) without one resends the last event's id. */
  eventId?: string;
}

export interface EventRequest {
  /** The `event_callback` body. */
  body: Record<string, unknown>;
  eventId: string;
  /** Set when this delivery is a retry: its number and reason. */
  retry?: { num: number; reason: string };
}

export interface SlackRequests {
  readonly actor: Actor;
  /** Slash command fields (Slack form-encodes them over HTTP and sends them as a JSON object over Socket Mode). */
  command(req: CommandRequest): Record<string, string>;
  /** The block_actions payload. */
  blockAction(req: BlockActionRequest): Record<string, unknown>;
  /** The view_submission payload. */
  viewSubmission(req: ViewSubmissionRequest): Record<string, unknown>;
  /** The message_action (message shortcut) payload. */
  messageShortcut(req: MessageShortcutRequest): Record<string, unknown>;
  /** An Events API callback wrapping `event` (see reactionAdded / pinAdded). */
  event(event: object, delivery?: EventDelivery): EventRequest;
  urlVerification(challenge?: string): Record<string, unknown>;
  /** The last trigger_id handed out (registered with the stand-in through onTriggerId). */
  readonly lastTriggerId: string | undefined;
  /** The last event_id handed out. */
  readonly lastEventId: string | undefined;
}

export function slackRequests(opts: SlackRequestOptions = {}): SlackRequests {
  const actor: Actor = {
    teamId: opts.teamId ?? 'T0TEAM0001',
    teamDomain: opts.teamDomain ?? 'test-workspace',
    appId: opts.appId ?? 'A0APP00001',
    botId: opts.botId ?? 'B0BOT00001',
    verificationToken: 'legacy-verification-token',
  };
  const responseUrlFor = opts.responseUrlFor ?? ((id: string) => `http://127.0.0.1:1/response/${id}`);
  const botUserId = opts.botUserId ?? 'U0BOT00001';
  let counter = 0;
  let lastTriggerId: string | undefined;
  let lastEventId: string | undefined;

  const nowSeconds = () => Math.floor(Date.now() / 1000);
  /** Slack's trigger_id shape: "<n>.<team-ish number>.<hex>". */
  const newTriggerId = () => {
    counter += 1;
    return `${counter}.${nowSeconds()}.${Math.random().toString(16).slice(2, 14)}`;
  };
  /** The request's trigger_id (the test's own, or a new one), as Slack would issue it now. */
  const triggerFor = (given: string | undefined) => {
    lastTriggerId = given ?? newTriggerId();
    opts.onTriggerId?.(lastTriggerId);
    return lastTriggerId;
  };
  const newId = (prefix: string) => {
    counter += 1;
    return `${prefix}${counter}`;
  };
  /** Slack's event ids: "Ev" + upper-case alphanumerics. */
  const newEventId = () => {
    counter += 1;
    return `Ev${counter.toString(36).toUpperCase().padStart(10, '0')}`;
  };

  return {
    actor,
    get lastTriggerId() {
      return lastTriggerId;
    },
    get lastEventId() {
      return lastEventId;
    },
    command(req) {
      return commandForm(actor, {
        command: req.command ?? '/incident',
        text: req.text,
        userId: req.userId,
        userName: req.userName,
        channelId: req.channelId,
        channelName: req.channelName,
        responseUrl: req.responseUrl ?? responseUrlFor(newId('cmd-')),
        triggerId: triggerFor(req.triggerId),
      });
    },
    blockAction(req) {
      return blockActionsPayload(actor, {
        ...req,
        blockId: req.blockId ?? newId('block-'),
        responseUrl: req.responseUrl ?? responseUrlFor(newId('action-')),
        triggerId: triggerFor(req.triggerId),
        actionTs: `${(Date.now() / 1000).toFixed(6)}`,
      });
    },
    viewSubmission(req) {
      return viewSubmissionPayload(actor, {
        ...req,
        viewId: req.viewId ?? newId('V0VIEW'),
        triggerId: triggerFor(req.triggerId),
      });
    },
    messageShortcut(req) {
      return messageShortcutPayload(actor, {
        ...req,
        responseUrl: req.responseUrl ?? responseUrlFor(newId('shortcut-')),
        triggerId: triggerFor(req.triggerId),
        actionTs: slackTsNow(),
      });
    },
    event(event, delivery = {}) {
      const retrying = delivery.retryNum !== undefined;
      const eventId = delivery.eventId ?? (retrying && lastEventId ? lastEventId : newEventId());
      lastEventId = eventId;
      const body = eventCallbackBody(actor, event, { eventId, eventTime: nowSeconds(), botUserId });
      return {
        body,
        eventId,
        ...(retrying ? { retry: { num: delivery.retryNum!, reason: delivery.retryReason ?? 'http_timeout' } } : {}),
      };
    },
    urlVerification(challenge = `challenge-${newId('')}`) {
      return urlVerificationBody(actor, challenge);
    },
  };
}
