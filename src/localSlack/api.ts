/**
 * The local Slack's JSON API between its web page (page/*.js) and its server (server.ts). The page is
 * a Slack client: it shows what the simulator holds, as one person sees it, and turns what that person
 * does (types, presses, submits) into the requests Slack would send the bot, signed.
 *
 * Every route is on the local Slack's own server (127.0.0.1 only). Bodies are JSON, sent with
 * `Content-Type: application/json` (anything else is 415: a page elsewhere cannot post JSON here
 * without the browser asking first); an error is an HTTP 4xx with `{ ok: false, error: '<what was
 * wrong, in words>' }` (503 until the bot has started, 502 when the bot answered a request with an
 * HTTP error, 500 for a bug here).
 *
 *   GET  /                        the page (page/index.html)
 *   GET  /assets/<file>           page/<file>: .html, .js, .css, .svg, .png (nothing from anywhere else)
 *   GET  /api/state?as=U&view=V&since=N
 *                                 StateSnapshot for person `as` looking at `view` (a channel or DM id,
 *                                 or 'home' for the App Home). With `since`, waits (up to 25 s) until
 *                                 the simulator's version is past N, then answers: a long poll.
 *   GET  /api/files/<id>          FileContent (the post-mortem's Markdown, as uploaded)
 *   POST /api/send                SendRequest → SendResult: a message or a slash command
 *   POST /api/click               ClickRequest → ActionResult: a button (in a message or a modal)
 *   POST /api/submit              SubmitRequest → SubmitResult: a modal's submit
 *   POST /api/close-view          CloseViewRequest → ActionResult: a modal's Cancel / ×
 *   POST /api/shortcut            ShortcutRequest → ActionResult: a message shortcut ("Add to timeline")
 *   POST /api/react               ReactRequest → ActionResult: add a reaction (📌 is `pushpin`)
 *   POST /api/home-opened         HomeOpenedRequest → ActionResult: the person opened the App Home tab
 *   POST /api/clock               ClockRequest → ClockState: move the bot's clock forward
 *   POST /api/sample-alert        SampleAlertRequest → ActionResult: a sample Alertmanager alert to the bot
 */

export interface Person {
  id: string;
  /** Slack handle, e.g. `ana`. */
  name: string;
  realName: string;
  /** What this person is for in the demo: 'reporter', 'primary on call now', 'manager'… */
  role: string;
  tz: string;
}

export interface ChannelEntry {
  id: string;
  name: string;
  isPrivate: boolean;
  /** The person looking is a member. */
  isMember: boolean;
  topic: string;
  purpose: string;
  isArchived: boolean;
  /** ts of its newest message (for unread markers); null when it has none. */
  latestTs: string | null;
}

/** A direct message conversation of the person looking: with the bot (page DMs, reminders). */
export interface DmEntry {
  id: string;
  /** The other side. */
  userId: string;
  name: string;
  /** ts of its newest message (for unread markers); null when it has none. */
  latestTs: string | null;
}

export interface FileRef {
  id: string;
  title: string;
  name: string;
}

export interface Reaction {
  name: string;
  users: string[];
}

export interface MessageView {
  ts: string;
  /** Author's user id (the bot's for its messages). */
  user: string;
  userName: string;
  isBot: boolean;
  text: string;
  /** Block Kit as the bot sent it; absent for plain text. */
  blocks?: unknown[];
  files: FileRef[];
  edited: boolean;
  pinned: boolean;
  reactions: Reaction[];
  /** Set for a reply in a thread: the parent's ts. The page shows replies under their parent. */
  threadTs?: string;
  /** Shown to the person looking only (chat.postEphemeral, or a response_url answer). */
  ephemeral: boolean;
}

export interface ModalView {
  id: string;
  callbackId: string;
  title: string;
  submit: string | null;
  close: string | null;
  blocks: unknown[];
  /** From the bot's `response_action: 'errors'`: block_id → message, shown under that input. */
  errors: Record<string, string>;
}

export interface ClockState {
  /** The bot's clock, ISO 8601. */
  now: string;
  /** How far it has been moved ahead of the machine's clock, in ms. */
  aheadMs: number;
}

export interface StateSnapshot {
  /** The simulator's change counter: pass it back as `since` to wait for the next change. */
  version: number;
  /** Set when `npm start` found incidents already in the bot's database: the simulated Slack's history was reset. */
  resetNotice: string | null;
  workspace: { name: string; botUserId: string; botName: string };
  me: string;
  people: Person[];
  /** Public channels, and private ones the person is in. */
  channels: ChannelEntry[];
  dms: DmEntry[];
  /** The bot's slash commands (from its policy file), for the message box's hints. */
  commands: { command: string; hint: string }[];
  /** Message shortcuts the bot's manifest declares. */
  shortcuts: { callbackId: string; name: string }[];
  clock: ClockState;
  /** Whether the policy has an Alertmanager source the sample-alert button can post to. */
  sampleAlert: { available: boolean; channel: string | null };
  /** What the person looks at: `view` echoed, with its messages (oldest first), or the Home's blocks. */
  view:
    | {
        kind: 'channel' | 'dm';
        id: string;
        name: string;
        topic: string;
        messages: MessageView[];
        /** ts of pinned messages, in pin order. */
        pins: string[];
      }
    | { kind: 'home'; blocks: unknown[] | null }
    | { kind: 'none' };
  /** The person's open modal (top of their stack), if any. */
  modal: ModalView | null;
}

export interface FileContent {
  id: string;
  title: string;
  name: string;
  /** The bytes as UTF-8. */
  content: string;
}

export interface SendRequest {
  as: string;
  /** Channel or DM id. */
  channel: string;
  /** `/incident create "Checkout down" severity=1`, or a plain message. */
  text: string;
}

export interface SendResult {
  ok: boolean;
  /** A slash command's immediate answer (the ack's text), if it had one; later answers arrive as ephemerals. */
  answer?: string;
  error?: string;
}

export interface ClickRequest {
  as: string;
  actionId: string;
  blockId: string;
  value: string;
  /** The button's text, as Slack sends it in `actions[0].text`. */
  text: string;
  /** A button in a message: where the message is. */
  channel?: string;
  messageTs?: string;
  /** The message is an ephemeral (no message object is sent for those, as in Slack). */
  ephemeral?: boolean;
  /** A button in a modal: its id; a button on the App Home: 'home'. */
  viewId?: string;
}

export interface ActionResult {
  ok: boolean;
  error?: string;
}

/** state.values, as Slack sends it: { [block_id]: { [action_id]: { type, value | selected_option } } } */
export type ViewValues = Record<string, Record<string, Record<string, unknown>>>;

export interface SubmitRequest {
  as: string;
  viewId: string;
  values: ViewValues;
}

export interface SubmitResult {
  ok: boolean;
  /** The bot refused the submission: block_id → message (the modal stays open). */
  errors?: Record<string, string>;
  error?: string;
}

export interface CloseViewRequest {
  as: string;
  viewId: string;
}

export interface ShortcutRequest {
  as: string;
  callbackId: string;
  channel: string;
  messageTs: string;
}

export interface ReactRequest {
  as: string;
  channel: string;
  messageTs: string;
  /** Without colons: `pushpin`. */
  reaction: string;
}

export interface HomeOpenedRequest {
  as: string;
}

export interface ClockRequest {
  /** How far to move the clock forward, in ms (positive; at most a week at once). */
  advanceMs: number;
}

export interface SampleAlertRequest {
  /** Who "presses" the button; the alert itself comes from Alertmanager, not a person. */
  as: string;
}
