/**
 * Events API bodies, field for field as Slack documents them: the `event_callback` envelope, the
 * events it carries that the app listens to (reaction_added, pin_added, app_home_opened), and
 * url_verification.
 */
import type { Actor } from './payloads';
import type { StandinMessage } from './workspace';

/** A Slack ts ("seconds.micros") for now: event_ts and the like. */
export function slackTsNow(nowMs = Date.now()): string {
  return (nowMs / 1000).toFixed(6);
}

export interface EnvelopeInput {
  eventId: string;
  /** Seconds. */
  eventTime: number;
  /** The bot user the app is installed as: Slack lists it in `authorizations`. */
  botUserId: string;
}

export function eventCallbackBody(a: Actor, event: object, e: EnvelopeInput): Record<string, unknown> {
  return {
    token: a.verificationToken,
    team_id: a.teamId,
    context_team_id: a.teamId,
    context_enterprise_id: null,
    api_app_id: a.appId,
    event,
    type: 'event_callback',
    event_id: e.eventId,
    event_time: e.eventTime,
    authorizations: [
      { enterprise_id: null, team_id: a.teamId, user_id: e.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    // Opaque to apps; Slack sends one with every callback.
    event_context: `4-${Buffer.from(JSON.stringify({ et: (event as { type?: string }).type, tid: a.teamId, aid: a.appId })).toString('base64url')}`,
  };
}

/** What Slack sends once when the Request URL is set; Bolt answers with the challenge. */
export function urlVerificationBody(a: Actor, challenge: string): Record<string, unknown> {
  return { token: a.verificationToken, challenge, type: 'url_verification' };
}

export interface ReactionAddedInput {
  /** Who reacted. */
  user: string;
  /** Emoji name without colons, e.g. 'eyes'. */
  reaction: string;
  channel: string;
  /** The reacted-to message. */
  ts: string;
  /** Its author; Slack leaves item_user out for messages no user wrote (e.g. incoming webhooks). */
  itemUser?: string;
  eventTs?: string;
}

export function reactionAdded(r: ReactionAddedInput): Record<string, unknown> {
  return {
    type: 'reaction_added',
    user: r.user,
    reaction: r.reaction,
    ...(r.itemUser ? { item_user: r.itemUser } : {}),
    item: { type: 'message', channel: r.channel, ts: r.ts },
    event_ts: r.eventTs ?? slackTsNow(),
  };
}

export interface PinAddedInput {
  /** Who pinned. */
  user: string;
  channelId: string;
  /** The pinned message as Slack stores it (a stand-in message works; its own `channel` is dropped). */
  message: StandinMessage | { ts: string; user?: string; text?: string; [key: string]: unknown };
  /** When it was pinned, in seconds. Default now. */
  created?: number;
  /** Pins in the channel after this one. Default 1. */
  pinCount?: number;
  teamDomain?: string;
  eventTs?: string;
}

/**
 * pin_added with a message item: `item` as in Slack's docs (type, channel, message, created,
 * created_by), plus item_user / pin_count / pinned_info that Slack also sends (see @slack/types).
 */
export function pinAdded(p: PinAddedInput): Record<string, unknown> {
  const { channel: _standinChannel, ...stored } = p.message as { channel?: unknown; [key: string]: unknown };
  void _standinChannel;
  const created = p.created ?? Math.floor(Date.now() / 1000);
  const domain = p.teamDomain ?? 'test-workspace';
  return {
    type: 'pin_added',
    user: p.user,
    channel_id: p.channelId,
    item: {
      type: 'message',
      channel: p.channelId,
      message: {
        type: 'message',
        ...stored,
        permalink: `https://${domain}.slack.com/archives/${p.channelId}/p${p.message.ts.replace('.', '')}`,
        pinned_to: [p.channelId],
      },
      created,
      created_by: p.user,
    },
    ...(p.message.user ? { item_user: p.message.user } : {}),
    pin_count: String(p.pinCount ?? 1),
    pinned_info: { channel: p.channelId, pinned_by: p.user, pinned_ts: created },
    event_ts: p.eventTs ?? slackTsNow(),
  };
}

export interface AppHomeOpenedInput {
  /** Who opened it. */
  user: string;
  /** The bot's IM with them (Slack sends it on both tabs). */
  channel: string;
  /** Default 'home'; 'messages' when they opened the Messages tab. */
  tab?: 'home' | 'messages';
  /** The Home view last published for them, which Slack includes once there is one. */
  view?: object;
  eventTs?: string;
}

/** app_home_opened: `user`, `channel`, `tab`, `event_ts`, and `view` once a Home was published (Slack's docs). */
export function appHomeOpened(a: AppHomeOpenedInput): Record<string, unknown> {
  return {
    type: 'app_home_opened',
    user: a.user,
    channel: a.channel,
    tab: a.tab ?? 'home',
    ...(a.view ? { view: a.view } : {}),
    event_ts: a.eventTs ?? slackTsNow(),
  };
}
