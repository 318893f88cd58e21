/**
 * The bot token's OAuth scopes, and the scope each method needs, as Slack documents it: a missing
 * scope shows up in production only as `missing_scope`, so the stand-in refuses the same calls.
 *
 * The Conversations API picks the scope by the kind of conversation: `channels:*` for a public
 * channel, `groups:*` for a private one (docs.slack.dev, "Using the Conversations API"). IMs and
 * multi-person IMs (`im:*`, `mpim:*`) are not checked: the bot only opens IMs and reads its own posts
 * there, and `im:write` / `im:history` are granted.
 */
import type { Workspace } from './workspace';
import { type ApiResult, type Args, bool, fail, str } from './methods/types';

/**
 * The bot scopes manifest.yml grants, in its order (test/unit/app/manifest.test.ts keeps them equal):
 * every stand-in has them unless a test says otherwise, so the tests run with what the app is given.
 */
export const MANIFEST_BOT_SCOPES: readonly string[] = [
  'commands',
  'chat:write',
  'chat:write.public',
  'channels:manage',
  'groups:write',
  'channels:read',
  'groups:read',
  'channels:history',
  'groups:history',
  'metadata.message:read',
  'im:write',
  'im:history',
  'pins:write',
  'users:read',
  'usergroups:read',
  'usergroups:write',
  'reactions:read',
  'pins:read',
  'files:write',
  'channels:join',
];

/** What a method needs: one scope whatever the conversation, or one per kind of channel. */
interface ScopeRule {
  always?: string;
  public?: string;
  private?: string;
}

const MANAGE: ScopeRule = { public: 'channels:manage', private: 'groups:write' };
const READ: ScopeRule = { public: 'channels:read', private: 'groups:read' };
const HISTORY: ScopeRule = { public: 'channels:history', private: 'groups:history' };

/** Only the methods the stand-in implements and the app calls around channels; others are not checked. */
const RULES: Record<string, ScopeRule> = {
  'chat.postMessage': { always: 'chat:write' },
  'chat.update': { always: 'chat:write' },
  'chat.postEphemeral': { always: 'chat:write' },
  'chat.delete': { always: 'chat:write' },
  'conversations.create': MANAGE,
  'conversations.invite': MANAGE,
  'conversations.setTopic': MANAGE,
  'conversations.setPurpose': MANAGE,
  'conversations.rename': MANAGE,
  'conversations.archive': MANAGE,
  'conversations.unarchive': MANAGE,
  'conversations.join': { public: 'channels:join' },
  'conversations.info': READ,
  'conversations.members': READ,
  'conversations.history': HISTORY,
  'conversations.replies': HISTORY,
  'pins.add': { always: 'pins:write' },
  'pins.remove': { always: 'pins:write' },
  'pins.list': { always: 'pins:read' },
};

/** Slack's answer: the one scope that would have let the call through, and every scope the token has. */
function missingScope(needed: string, granted: readonly string[]): ApiResult {
  return fail('missing_scope', { needed, provided: granted.join(',') });
}

/**
 * The scope `method` needs for these arguments, by the kind of channel they name. A channel that is
 * missing or invisible to the bot needs no channel scope here: the method answers channel_not_found,
 * since Slack cannot tell a bot what kind of conversation it may not see.
 */
function scopesNeeded(method: string, args: Args, ws: Workspace): string[] {
  if (method === 'conversations.list') {
    const types = (str(args, 'types') ?? 'public_channel').split(',').map((t) => t.trim());
    return [
      ...(types.includes('public_channel') ? ['channels:read'] : []),
      ...(types.includes('private_channel') ? ['groups:read'] : []),
    ];
  }
  const rule = RULES[method];
  if (!rule) return [];
  const needed = rule.always ? [rule.always] : [];
  if (method === 'conversations.create') {
    const scope = bool(args, 'is_private') ? rule.private : rule.public;
    return scope ? [...needed, scope] : needed;
  }
  if (!rule.public && !rule.private) return needed;
  const channel = method.startsWith('chat.')
    ? ws.resolveChannel(str(args, 'channel'))
    : ws.channels.get(str(args, 'channel') ?? '');
  if (!channel || !ws.botCanSee(channel) || channel.isIm || channel.isMpim) return needed;
  const scope = channel.isPrivate ? rule.private : rule.public;
  return scope ? [...needed, scope] : needed;
}

/** `missing_scope` for the first scope the call needs and the token lacks, else undefined. */
export function scopeRefusal(
  method: string,
  args: Args,
  ws: Workspace,
  granted: readonly string[],
): ApiResult | undefined {
  const missing = scopesNeeded(method, args, ws).find((scope) => !granted.includes(scope));
  return missing ? missingScope(missing, granted) : undefined;
}
