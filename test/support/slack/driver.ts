/**
 * Drives our app the way Slack does: builds real slash-command, interaction and Events API
 * requests, encodes them as Slack does (form fields, a form `payload=`, or JSON for events), signs
 * them with the signing secret and POSTs them to the app's /slack/events. Forgeries (bad
 * signature, stale timestamp, unsigned) are options, so tests can prove the app refuses them.
 */
import { performance } from 'node:perf_hooks';
import { eventCallbackBody, slackTsNow, urlVerificationBody } from './events';
import {
  type Actor,
  blockActionsPayload,
  commandForm,
  messageShortcutPayload,
  type ViewStateValues,
  viewSubmissionPayload,
  type MessageShortcutInput,
} from './payloads';
import { slackSignature } from './signing';

export { mention } from './mention';
export { pinAdded, reactionAdded, type PinAddedInput, type ReactionAddedInput } from './events';
export type { ViewStateValues } from './payloads';

export interface SlackDriverOptions {
  /** The app's events URL, e.g. http://127.0.0.1:<port>/slack/events */
  url: string;
  signingSecret: string;
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
}

/** Ways to forge a request, to prove the app refuses it. */
export interface ForgeOptions {
  /** Sign with the wrong secret. */
  badSignature?: boolean;
  /** X-Slack-Request-Timestamp to use (seconds), e.g. 10 minutes ago for a stale request. */
  timestamp?: number;
  /** Send no X-Slack-Signature / X-Slack-Request-Timestamp headers. */
  unsigned?: boolean;
}

export interface DriverResponse {
  status: number;
  /** Parsed JSON when the app answered JSON, else the text ('' for an empty ack). */
  body: unknown;
  /** Round-trip time in ms. */
  ms: number;
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

export interface BlockActionRequest {
  userId: string;
  userName?: string;
  actionId: string;
  value: string;
  blockId?: string;
  text?: string;
  channelId?: string;
  channelName?: string;
  messageTs?: string;
  message?: { ts: string; text?: string; blocks?: unknown[] };
  viewId?: string;
  responseUrl?: string;
  triggerId?: string;
}

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

/** As the payload takes it, with the response URL and trigger id filled in by the driver when omitted. */
export type MessageShortcutRequest = Omit<MessageShortcutInput, 'responseUrl' | 'triggerId' | 'actionTs'> & Partial<Pick<MessageShortcutInput, 'responseUrl' | 'triggerId'>>;

/** How Slack delivers an event: first time, or again after the app did not answer in time. */
export interface EventDelivery {
  /** Sets X-Slack-Retry-Num (Slack retries 3 times: 1, 2, 3). */
  retryNum?: number;
  /** X-Slack-Retry-Reason, sent with retryNum. Default 'http_timeout'. */
  retryReason?: string;
  /** Default: a new id, except that a retry (retryNum) without one resends the last event's id. */
  eventId?: string;
}

export interface EventResponse extends DriverResponse {
  /** The event_id sent, so a test can retry the same delivery. */
  eventId: string;
}

export interface SlackDriver {
  command(req: CommandRequest, forge?: ForgeOptions): Promise<DriverResponse>;
  blockAction(req: BlockActionRequest, forge?: ForgeOptions): Promise<DriverResponse>;
  viewSubmission(req: ViewSubmissionRequest, forge?: ForgeOptions): Promise<DriverResponse>;
  /** A message shortcut: form-encoded `payload=` of type message_action. */
  messageShortcut(req: MessageShortcutRequest, forge?: ForgeOptions): Promise<DriverResponse>;
  /** An Events API callback wrapping `event` (see reactionAdded / pinAdded), as JSON. */
  event(event: object, delivery?: EventDelivery, forge?: ForgeOptions): Promise<EventResponse>;
  /** The url_verification handshake; the app should answer `{ challenge }`. */
  urlVerification(challenge?: string, forge?: ForgeOptions): Promise<DriverResponse>;
  /** POST any form fields, signed (or forged) the same way. */
  postForm(fields: Record<string, string>, forge?: ForgeOptions): Promise<DriverResponse>;
  /** The last trigger_id the driver sent (views.open in the stand-in accepts any). */
  readonly lastTriggerId: string | undefined;
  /** The last event_id the driver sent. */
  readonly lastEventId: string | undefined;
}

export function slackDriver(opts: SlackDriverOptions): SlackDriver {
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
    lastTriggerId = `${counter}.${nowSeconds()}.${Math.random().toString(16).slice(2, 14)}`;
    return lastTriggerId;
  };
  const newId = (prefix: string) => {
    counter += 1;
    return `${prefix}${counter}`;
  };

  /** Slack's event ids: "Ev" + upper-case alphanumerics. */
  const newEventId = () => {
    counter += 1;
    lastEventId = `Ev${counter.toString(36).toUpperCase().padStart(10, '0')}`;
    return lastEventId;
  };

  /** Signs the exact bytes sent, as Slack does, whatever the content type. */
  async function post(rawBody: string, contentType: string, extraHeaders: Record<string, string>, forge: ForgeOptions): Promise<DriverResponse> {
    const headers: Record<string, string> = { 'Content-Type': contentType, ...extraHeaders };
    if (!forge.unsigned) {
      const ts = forge.timestamp ?? nowSeconds();
      const secret = forge.badSignature ? `${opts.signingSecret}-forged` : opts.signingSecret;
      headers['X-Slack-Request-Timestamp'] = String(ts);
      headers['X-Slack-Signature'] = slackSignature(secret, ts, rawBody);
    }
    const started = performance.now();
    const res = await fetch(opts.url, { method: 'POST', headers, body: rawBody });
    const text = await res.text();
    const ms = performance.now() - started;
    let body: unknown = text;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
    }
    return { status: res.status, body, ms };
  }

  const postForm = (fields: Record<string, string>, forge: ForgeOptions = {}) =>
    post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', {}, forge);
  const postJson = (body: Record<string, unknown>, headers: Record<string, string>, forge: ForgeOptions = {}) =>
    post(JSON.stringify(body), 'application/json', headers, forge);

  const postPayload = (payload: Record<string, unknown>, forge?: ForgeOptions) =>
    postForm({ payload: JSON.stringify(payload) }, forge);

  return {
    get lastTriggerId() {
      return lastTriggerId;
    },
    get lastEventId() {
      return lastEventId;
    },
    postForm,
    command(req, forge) {
      const form = commandForm(actor, {
        command: req.command ?? '/incident',
        text: req.text,
        userId: req.userId,
        userName: req.userName,
        channelId: req.channelId,
        channelName: req.channelName,
        responseUrl: req.responseUrl ?? responseUrlFor(newId('cmd-')),
        triggerId: req.triggerId ?? newTriggerId(),
      });
      return postForm(form, forge);
    },
    blockAction(req, forge) {
      const payload = blockActionsPayload(actor, {
        ...req,
        blockId: req.blockId ?? newId('block-'),
        responseUrl: req.responseUrl ?? responseUrlFor(newId('action-')),
        triggerId: req.triggerId ?? newTriggerId(),
        actionTs: `${(Date.now() / 1000).toFixed(6)}`,
      });
      return postPayload(payload, forge);
    },
    viewSubmission(req, forge) {
      const payload = viewSubmissionPayload(actor, {
        ...req,
        viewId: req.viewId ?? newId('V0VIEW'),
        triggerId: req.triggerId ?? newTriggerId(),
      });
      return postPayload(payload, forge);
    },
    messageShortcut(req, forge) {
      const payload = messageShortcutPayload(actor, {
        ...req,
        responseUrl: req.responseUrl ?? responseUrlFor(newId('shortcut-')),
        triggerId: req.triggerId ?? newTriggerId(),
        actionTs: slackTsNow(),
      });
      return postPayload(payload, forge);
    },
    async event(event, delivery = {}, forge) {
      const retrying = delivery.retryNum !== undefined;
      const eventId = delivery.eventId ?? (retrying && lastEventId ? lastEventId : newEventId());
      lastEventId = eventId;
      const body = eventCallbackBody(actor, event, { eventId, eventTime: nowSeconds(), botUserId });
      const headers: Record<string, string> = retrying
        ? { 'X-Slack-Retry-Num': String(delivery.retryNum), 'X-Slack-Retry-Reason': delivery.retryReason ?? 'http_timeout' }
        : {};
      return { ...(await postJson(body, headers, forge)), eventId };
    },
    urlVerification(challenge = `challenge-${newId('')}`, forge) {
      return postJson(urlVerificationBody(actor, challenge), {}, forge);
    },
  };
}
