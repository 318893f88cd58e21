/**
 * What the Slack stand-in offers its users (the tests, the local Slack): its options, what it records,
 * and the SlackStandin interface that standin.ts implements.
 */
import type { Fault } from './faults';
import type { ReactionOutcome } from './methods/reactions';
import type { ApiResult, Args } from './methods/types';
import type { SubmissionOutcome } from './modals';
import type { ResponseContext } from './responseUrls';
import type {
  StandinChannel,
  StandinEphemeral,
  StandinFile,
  StandinMessage,
  StandinUser,
  StandinUsergroup,
  StandinView,
  Workspace,
} from './workspace';

export interface SlackStandinOptions {
  /** The one bot token accepted. Default 'xoxb-test-token'. */
  token?: string;
  /** The one app-level token accepted (apps.connections.open only). Default 'xapp-1-<appId>-1-test-app-token'. */
  appToken?: string;
  teamId?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /**
   * The bot token's OAuth scopes. Default MANIFEST_BOT_SCOPES (scopes.ts), what manifest.yml grants.
   * A method the token lacks a scope for answers `missing_scope` with `needed` and `provided`; the
   * Conversations API needs channels:* for a public channel and groups:* for a private one.
   */
  scopes?: readonly string[];
  /**
   * Bot may post in public channels it has not joined. Default: whether `scopes` has chat:write.public
   * (true with the default scopes).
   */
  chatWritePublic?: boolean;
  /** Latency added to every method call, in ms (for latency benches). */
  delayMs?: number;
  /**
   * Slack's clock, in ms: message ts, users' tz_offset, trigger_id expiry and rate-limit refills.
   * Default Date.now; the harness passes the app's ManualClock, so all of it moves with h.advance().
   */
  now?: () => number;
  /**
   * Enforce Slack's rate limits (rateLimits.ts: tiers per method, chat.postMessage per channel),
   * answering HTTP 429 + Retry-After + `ratelimited`. Default true: a test that turns them off says why.
   */
  rateLimits?: boolean;
  /** Where new ids (channels, views, files) start counting; see Workspace. Default 0. */
  firstId?: number;
  /** Keep only the last this many `calls` and `responses` (a long-running local Slack). Default: all. */
  keepCalls?: number;
}

export interface RecordedCall {
  /**
   * The Web API method, or UPLOAD_URL ('upload_url') for a POST of file bytes to an upload URL, or
   * 'response_url' for a response_url post refused over Slack's limits (limits.ts).
   */
  method: string;
  /** Parsed arguments (JSON-string fields decoded; token removed). */
  args: Args;
  /** Wall-clock ms when the call arrived. */
  at: number;
  /** The stand-in's clock (`now`, the harness's ManualClock) when the call arrived, in ms. */
  clockAt: number;
  /** The HTTP status answered; 0 when no answer was sent (a `timeout` fault: the work was done, the connection dropped). */
  status: number;
  /** The JSON body sent back, or undefined for a bare 5xx. */
  response: ApiResult | undefined;
}

/** A file as shared in a channel: what the app uploaded, read back as text. */
export interface SharedFile {
  id: string;
  title: string;
  name: string;
  /** The uploaded bytes as UTF-8 ('' if none arrived). */
  content: string;
  /** The message that shares it. */
  messageTs: string;
}

export interface ResponseUrlPost {
  id: string;
  body: unknown;
  at: number;
}

export interface SlackStandin {
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  /** `${baseUrl}/api/` — give this to the WebClient as slackApiUrl. */
  readonly apiUrl: string;
  readonly token: string;
  /** The app-level token (xapp-…) that apps.connections.open takes; the bot's methods refuse it. */
  readonly appToken: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  /** Every call in arrival order, including rejected and faulted ones. */
  readonly calls: readonly RecordedCall[];
  /** Every post to a response_url, in arrival order. */
  readonly responses: readonly ResponseUrlPost[];
  /** The state behind the API, for assertions the helpers below do not cover. */
  readonly workspace: Workspace;

  callsTo(method: string): RecordedCall[];
  /** Messages in a channel (oldest first, thread replies included), as they are now (after updates). */
  messagesIn(channelId: string): StandinMessage[];
  channelByName(name: string): StandinChannel | undefined;
  channel(id: string): StandinChannel | undefined;
  /** Who is in a channel now, the bot included if it is a member ([] for an unknown channel). */
  membersOf(channelId: string): string[];
  /**
   * Whether a person (or the bot) sees a channel in Slack: a public one always, a private one, IM or
   * multi-person IM only as a member. False for an unknown channel.
   */
  canSee(userId: string, channelId: string): boolean;
  /** Pinned messages in pin order. */
  pinsIn(channelId: string): StandinMessage[];
  /** Messages the bot sent in its IM with this user. */
  dmsTo(userId: string): StandinMessage[];
  /** Ephemeral messages shown to this user (any channel). */
  ephemeralsTo(userId: string): StandinEphemeral[];
  /** Views opened/pushed/updated/published, current state. */
  views(): StandinView[];
  /** A response_url that records posts under `id`. */
  responseUrl(id: string): string;
  /**
   * A response_url whose posts are recorded like `responseUrl`'s and also shown as Slack shows them
   * (responseUrls.ts): in the channel, as an ephemeral to `ctx.user`, or replacing/deleting the original.
   */
  responseUrlFor(ctx: ResponseContext): string;
  /** Bumped by every change to the workspace (an ok Web API write, a response_url post, a person's act). */
  readonly version: number;
  /** Called with the new version after each change; returns the unsubscribe function. */
  onChange(listener: (version: number) => void): () => void;
  /** Something outside the workspace that people see changed (the local Slack's clock): wake the listeners. */
  noteChange(): void;
  /** Files shared in a channel (files.completeUploadExternal with channel_id), in message order. */
  filesIn(channelId: string): SharedFile[];
  /** Any file files.getUploadURLExternal created, shared or not, with its raw bytes. */
  file(id: string): StandinFile | undefined;

  /** `guest`: a guest account (users.info's is_restricted, and is_ultra_restricted for single-channel). */
  addUser(user: {
    id: string;
    name: string;
    tz?: string;
    realName?: string;
    displayName?: string;
    guest?: StandinUser['guest'];
  }): StandinUser;
  /** The bot is a member unless `botIsMember: false`. */
  addChannel(channel: {
    id?: string;
    name: string;
    members?: string[];
    isPrivate?: boolean;
    botIsMember?: boolean;
  }): StandinChannel;
  addUsergroup(group: { id: string; handle: string; users: string[] }): StandinUsergroup;
  /** Every user group as it stands, with its members (copies). */
  usergroups(): StandinUsergroup[];

  /**
   * The next `times` calls to `method` fail with `fault`. `UPLOAD_URL` ('upload_url') targets POSTs
   * of file bytes: a status fault answers that status, an `error` fault answers 400 with its text
   * (`noAnswer`: the bytes are taken, then the connection is cut).
   */
  failNext(method: string, fault: Fault, times?: number): void;
  /**
   * Every call to `method` whose arguments include all of `args` fails with `fault` (after any
   * failNext faults), until reset(): e.g. `failWhen('usergroups.users.list', { usergroup: 'S0X' }, { status: 503 })`.
   */
  failWhen(method: string, args: Record<string, string>, fault: Fault): void;
  /**
   * From now on, `method` does its work at once (a message is recorded, visible in history) but its HTTP
   * answer is held until `release()`: a Slack that acted, with a slow reply.
   */
  holdResponses(method: string): { release(): void; held(): number };
  /**
   * Slack hands out a trigger_id with each slash command, button press, shortcut or submission: valid
   * for 3 s (on the stand-in's clock) and for one views.open/views.push. The driver registers every
   * trigger id it sends here (`onTriggerId`); with no id given, a fresh one is made. A trigger id never
   * issued is `invalid_trigger_id`; a used or late one `expired_trigger_id`.
   */
  issueTriggerId(id?: string, context?: { user?: string; viewId?: string }): string;
  /** A person reacts to a message, as in the client (the app hears of it only if someone sends it the event). */
  react(channelId: string, ts: string, userId: string, name: string): ReactionOutcome;
  /** Show `text` (and blocks) to one person in a channel, as Slack shows an ack's text. */
  showEphemeral(channelId: string, userId: string, content: { text: string; blocks?: unknown[] }): StandinEphemeral;
  /** The person closes a modal (Cancel, ×): it and what was pushed on top of it go away. */
  closeView(viewId: string): void;
  /** The app answered a view_submission of `viewId` with `answer` (modals.ts). */
  answerViewSubmission(viewId: string, answer: unknown, hashWhenSent: string): SubmissionOutcome;
  /** Someone archives a channel in Slack: posting there answers `is_archived`. */
  archiveChannel(id: string): void;
  /** Someone removes a member (the bot too) from a channel, as /remove does. */
  removeFromChannel(channelId: string, userId: string): void;
  /** Deactivate a person: users.info says deleted, conversations.open with them fails `user_disabled`. */
  deactivateUser(id: string): void;
  /** A person writes in a channel (as if typed in Slack): the message is in history, with a fresh ts. */
  userSays(channelId: string, userId: string, text: string): StandinMessage;
  /** Add latency to one method, or to all with '*'. 0 removes it. */
  setDelay(method: string, ms: number): void;
  /**
   * Serve Socket Mode: apps.connections.open answers `openConnection()` (a fresh WebSocket URL) from
   * now on. The Socket Mode stand-in (socketMode.ts) calls this; returns the detach function.
   */
  attachSocketMode(openConnection: () => string): () => void;

  /**
   * Polls `fn` until it returns something other than undefined/false and resolves with it. This
   * waits for an async effect to land; it does not move time. On timeout it throws with the
   * recent calls, so the failure says what the app did instead.
   */
  waitFor<T>(fn: () => T | undefined | false, opts?: { timeoutMs?: number; what?: string }): Promise<T>;
  /** Clears recorded calls, responses, faults and setDelay latencies. Workspace state stays. */
  reset(): void;
  close(): Promise<void>;
}
