/**
 * Drives our app the way Slack does: builds real slash-command, interaction and Events API
 * requests, encodes them as Slack does (form fields, a form `payload=`, or JSON for events), signs
 * them with the signing secret and POSTs them to the app's /slack/events. Forgeries (bad
 * signature, stale timestamp, unsigned) are options, so tests can prove the app refuses them.
 */
import { performance } from 'node:perf_hooks';
import {
  type BlockActionRequest,
  type CommandRequest,
  type EventDelivery,
  type MessageShortcutRequest,
  type SlackRequestOptions,
  slackRequests,
  type ViewSubmissionRequest,
} from './requests';
import { slackSignature } from './signing';

export { mention } from './mention';
export { pinAdded, reactionAdded, type PinAddedInput, type ReactionAddedInput } from './events';
export type { ViewStateValues } from './payloads';
export type {
  BlockActionRequest,
  CommandRequest,
  EventDelivery,
  MessageShortcutRequest,
  ViewSubmissionRequest,
} from './requests';

export interface SlackDriverOptions extends SlackRequestOptions {
  /** The app's events URL, e.g. http://127.0.0.1:<port>/slack/events */
  url: string;
  signingSecret: string;
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
  const requests = slackRequests(opts);
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  /** Signs the exact bytes sent, as Slack does, whatever the content type. */
  async function post(
    rawBody: string,
    contentType: string,
    extraHeaders: Record<string, string>,
    forge: ForgeOptions,
  ): Promise<DriverResponse> {
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
      return requests.lastTriggerId;
    },
    get lastEventId() {
      return requests.lastEventId;
    },
    postForm,
    command: (req, forge) => postForm(requests.command(req), forge),
    blockAction: (req, forge) => postPayload(requests.blockAction(req), forge),
    viewSubmission: (req, forge) => postPayload(requests.viewSubmission(req), forge),
    messageShortcut: (req, forge) => postPayload(requests.messageShortcut(req), forge),
    async event(event, delivery = {}, forge) {
      const { body, eventId, retry } = requests.event(event, delivery);
      const headers: Record<string, string> = retry
        ? { 'X-Slack-Retry-Num': String(retry.num), 'X-Slack-Retry-Reason': retry.reason }
        : {};
      return { ...(await postJson(body, headers, forge)), eventId };
    },
    urlVerification: (challenge, forge) => postJson(requests.urlVerification(challenge), {}, forge),
  };
}
