/**
 * The stand-in's picture of one Slack workspace: users, channels (incl. IMs), messages, pins,
 * usergroups, views and uploaded files. Plain data plus the few lookups every Web API method
 * needs, so each method file stays about its own rules.
 */

export interface StandinUser {
  id: string;
  name: string;
  realName: string;
  displayName: string;
  /** IANA zone, e.g. 'Europe/Berlin'. Slack reports it as `tz` with `tz_label`/`tz_offset`. */
  tz: string;
  isBot: boolean;
  /** Deactivated: users.info says `deleted: true`, and DMs to them fail with `user_disabled`. */
  deleted?: boolean;
  /** A guest account: users.info says `is_restricted` (multi-channel), and `is_ultra_restricted` too for single-channel. */
  guest?: 'multi-channel' | 'single-channel';
}

/**
 * Slack's one rule of who sees a conversation, for the bot and for people alike: a public channel
 * everyone in the workspace (member or not), a private channel, IM or multi-person IM only its members.
 */
export function canSeeChannel(channel: StandinChannel, userId: string): boolean {
  return !channel.isPrivate || channel.members.has(userId);
}

export interface StandinTopic {
  value: string;
  creator: string;
  last_set: number;
}

export interface StandinChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  isMpim: boolean;
  /** For an IM: the human on the other side. */
  imUser?: string;
  creator: string;
  created: number;
  members: Set<string>;
  topic: StandinTopic;
  purpose: StandinTopic;
  isArchived: boolean;
}

/** A message as Slack stores it (what conversations.history returns, plus the channel it lives in). */
export interface StandinMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id?: string;
  app_id?: string;
  team?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  thread_ts?: string;
  edited?: { user: string; ts: string };
  /** Slack file objects shared by this message (files.completeUploadExternal). */
  files?: Record<string, unknown>[];
  /** Slack marks a message that carries a fresh upload with `upload: true`. */
  upload?: boolean;
  display_as_bot?: boolean;
  /** As Slack lists them on a message: each emoji once, with who reacted (reactions.add, a person's click). */
  reactions?: { name: string; users: string[]; count: number }[];
}

export interface StandinEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
}

export interface StandinView {
  id: string;
  type: string;
  callback_id: string;
  private_metadata: string;
  external_id: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  /** The trigger_id that opened it. */
  trigger_id?: string;
  /**
   * App Home views are published per user. A modal has one when the trigger that opened it was issued
   * for a known person (the local Slack does; a test's bare trigger ids do not).
   */
  user_id?: string;
  /** The person closed the modal (Cancel, ×, or the app's answer to a submit): views.update then finds nothing. */
  closed?: boolean;
  /** The app refused a submission (`response_action: 'errors'`): block_id → message, until the next submit. */
  errors?: Record<string, string>;
}

/**
 * A trigger_id Slack handed out with a request to the app: when (stand-in clock, ms), whether a view
 * used it, and, when the caller knows, for whom and from which open modal (a push goes on top of it).
 */
export interface StandinTrigger {
  issuedMs: number;
  used: boolean;
  user?: string;
  viewId?: string;
}

/**
 * A file in Slack's two-step upload: files.getUploadURLExternal creates it, its bytes are POSTed to
 * the upload URL, files.completeUploadExternal finishes it (once) and shares it.
 */
export interface StandinFile {
  id: string;
  /** The filename given to files.getUploadURLExternal. */
  name: string;
  /** Set by files.completeUploadExternal; Slack falls back to the filename. */
  title: string;
  /** The length the app declared, in bytes (the bytes actually sent are `content`). */
  length: number;
  altTxt?: string;
  snippetType?: string;
  /** Who uploaded it: the bot, since only the bot's token is accepted. */
  user: string;
  created: number;
  /** The bytes POSTed to the upload URL; undefined until they arrive. */
  content?: Buffer;
  /** files.completeUploadExternal ran for it (Slack allows that once per file). */
  completed: boolean;
  /** The messages that share it, in share order. */
  shares: { channel: string; ts: string }[];
}

export interface StandinUsergroup {
  id: string;
  handle: string;
  users: string[];
  /** The display name usergroups.create was given (the handle when absent). */
  name?: string;
}

export interface WorkspaceIdentity {
  teamId: string;
  teamName: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  appId: string;
}

export class Workspace {
  readonly users = new Map<string, StandinUser>();
  readonly channels = new Map<string, StandinChannel>();
  /** Per channel, oldest first. */
  readonly messages = new Map<string, StandinMessage[]>();
  readonly ephemerals: StandinEphemeral[] = [];
  /** Per channel, pinned message ts in pin order. */
  readonly pins = new Map<string, string[]>();
  readonly usergroups = new Map<string, StandinUsergroup>();
  readonly views = new Map<string, StandinView>();
  readonly files = new Map<string, StandinFile>();
  readonly triggers = new Map<string, StandinTrigger>();
  private readonly imByUser = new Map<string, string>();
  private idCounter: number;
  private lastTsMicros = 0;

  /**
   * `firstId` starts the id counter elsewhere than 0: a workspace made again after a restart (the local
   * Slack's) must not hand out the ids of the last one, which the bot's database still holds.
   */
  constructor(
    readonly identity: WorkspaceIdentity,
    private readonly nowMs: () => number,
    firstId = 0,
  ) {
    this.idCounter = firstId;
  }

  /** Slack-looking ids: prefix + 10 upper-case base-36 chars, unique within this stand-in. */
  newId(prefix: string): string {
    this.idCounter += 1;
    return prefix + this.idCounter.toString(36).toUpperCase().padStart(10, '0');
  }

  /** Message ts: "seconds.micros", strictly increasing even within one millisecond, like Slack's. */
  nextTs(): string {
    const micros = Math.max(this.nowMs() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const secs = Math.floor(micros / 1_000_000);
    const frac = String(micros % 1_000_000).padStart(6, '0');
    return `${secs}.${frac}`;
  }

  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  channelByName(name: string): StandinChannel | undefined {
    const bare = name.replace(/^#/, '');
    for (const c of this.channels.values()) if (!c.isIm && c.name === bare) return c;
    return undefined;
  }

  addChannel(input: {
    id?: string;
    name: string;
    isPrivate?: boolean;
    members?: string[];
    creator?: string;
  }): StandinChannel {
    const id = input.id ?? this.newId(input.isPrivate ? 'G' : 'C');
    const channel: StandinChannel = {
      id,
      name: input.name,
      isPrivate: input.isPrivate ?? false,
      isIm: false,
      isMpim: false,
      creator: input.creator ?? this.identity.botUserId,
      created: this.nowSeconds(),
      members: new Set(input.members ?? []),
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      isArchived: false,
    };
    this.channels.set(id, channel);
    this.messages.set(id, []);
    return channel;
  }

  /** The one IM between the bot and `userId`; the same id every time, like Slack's. */
  imFor(userId: string): StandinChannel {
    const existing = this.imByUser.get(userId);
    if (existing) return this.channels.get(existing)!;
    const id = 'D' + userId.replace(/^[UW]/, '').padStart(10, '0');
    const im: StandinChannel = {
      id,
      name: id,
      isPrivate: true,
      isIm: true,
      isMpim: false,
      imUser: userId,
      creator: this.identity.botUserId,
      created: this.nowSeconds(),
      members: new Set([userId, this.identity.botUserId]),
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      isArchived: false,
    };
    this.channels.set(id, im);
    this.messages.set(id, []);
    this.imByUser.set(userId, id);
    return im;
  }

  hasImFor(userId: string): boolean {
    return this.imByUser.has(userId);
  }

  /**
   * What chat.* accepts as `channel`: an id (C…/G…/D…), a user id (U…/W…: the bot's IM with that
   * user, as Slack does), or a channel name with or without '#'.
   */
  resolveChannel(ref: string | undefined): StandinChannel | undefined {
    if (!ref) return undefined;
    const byId = this.channels.get(ref);
    if (byId) return byId;
    if (/^[UW][A-Z0-9]+$/.test(ref) && this.users.has(ref)) return this.imFor(ref);
    return this.channelByName(ref);
  }

  /** Shows a message to one person only, with a fresh message_ts (chat.postEphemeral, a response_url answer). */
  addEphemeral(e: Omit<StandinEphemeral, 'message_ts'>): StandinEphemeral {
    const ephemeral = { ...e, message_ts: this.nextTs() };
    this.ephemerals.push(ephemeral);
    return ephemeral;
  }

  findMessage(channelId: string, ts: string): StandinMessage | undefined {
    return this.messages.get(channelId)?.find((m) => m.ts === ts);
  }

  /** Does the bot see this channel at all? Private channels and IMs it is not in are invisible. */
  botCanSee(channel: StandinChannel): boolean {
    return canSeeChannel(channel, this.identity.botUserId);
  }
}
