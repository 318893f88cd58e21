/**
 * Slack lookups the bot needs (user-group members, a user's profile and zone, a channel's id from its
 * name), cached briefly and bounded: a workspace with 100,000 people must not grow the process.
 * Timers load what they need from here before their transaction opens.
 */
import type { SlackGateway } from './gateway';

interface Cached<T> {
  value: T;
  expires: number;
}

export interface UserProfile {
  id: string;
  tz: string | null;
  name: string;
  /** Deactivated in Slack. */
  deleted: boolean;
  /** A guest account (multi- or single-channel): Slack's `is_restricted` / `is_ultra_restricted`. */
  guest: boolean;
}

/** At most `max` entries; the least recently used goes first (a Map keeps insertion order). */
class BoundedCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly max: number) {}

  get(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface DirectoryLimits {
  ttlMs?: number;
  maxUsers?: number;
  maxGroups?: number;
  maxChannels?: number;
}

export class SlackDirectory {
  private readonly groups: BoundedCache<Cached<string[]>>;
  private readonly users: BoundedCache<Cached<UserProfile>>;
  /** Channel names → ids (a name never changes its id while it exists), learnt from posts or looked up. */
  private readonly channelIds: BoundedCache<string>;
  private readonly members: BoundedCache<Cached<string[]>>;
  private readonly ttlMs: number;

  constructor(
    private readonly slack: SlackGateway,
    limits: DirectoryLimits = {},
    // Cache expiry is bookkeeping, not domain time: real elapsed time is what matters here.
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.ttlMs = limits.ttlMs ?? 60_000;
    this.groups = new BoundedCache(limits.maxGroups ?? 1_000);
    this.users = new BoundedCache(limits.maxUsers ?? 5_000);
    this.channelIds = new BoundedCache(limits.maxChannels ?? 1_000);
    this.members = new BoundedCache(limits.maxChannels ?? 1_000);
  }

  /**
   * The same caches, asking Slack through `slack` instead: the outbox gives the work it runs under a
   * lease a gateway with the lease's budget, and the lookups that work makes must keep to it too.
   */
  via(slack: SlackGateway): SlackDirectory {
    // Everything but `slack` is read through the prototype: this directory's own caches and settings.
    return Object.assign(Object.create(this) as SlackDirectory, { slack });
  }

  /** Entries held, for tests of the bound. */
  get sizes(): { users: number; groups: number; channels: number } {
    return { users: this.users.size, groups: this.groups.size, channels: this.channelIds.size };
  }

  rememberChannel(name: string, id: string): void {
    this.channelIds.set(name.replace(/^#/, ''), id);
  }

  knownChannelId(name: string): string | undefined {
    return this.channelIds.get(name.replace(/^#/, ''));
  }

  /**
   * A public channel's id from its name: learnt earlier, or looked up with conversations.list. Another
   * replica's (or a restarted process's) retry needs it to look for the earlier attempt's message.
   */
  async channelIdByName(name: string): Promise<string | undefined> {
    const wanted = name.replace(/^#/, '');
    const known = this.knownChannelId(wanted);
    if (known) return known;
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await this.slack.call('conversations.list', {
        // A private channel the bot is in (a private incident's post-mortem channel) is found too.
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      });
      for (const c of (result.channels as { id: string; name: string }[] | undefined) ?? []) {
        if (c.name === wanted) {
          this.rememberChannel(wanted, c.id);
          return c.id;
        }
      }
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return undefined;
  }

  async usergroupMembers(groupId: string): Promise<string[]> {
    const hit = this.groups.get(groupId);
    if (hit && hit.expires > this.nowMs()) return hit.value;
    const result = await this.slack.call('usergroups.users.list', { usergroup: groupId });
    const users = (result.users as string[] | undefined) ?? [];
    this.groups.set(groupId, { value: users, expires: this.nowMs() + this.ttlMs });
    return users;
  }

  /**
   * Who is in a channel (the bot must be in a private one): who may see a private incident. Cached
   * briefly like the rest; whoever invites someone forgets the entry so the next check sees them.
   */
  async channelMembers(channelId: string): Promise<string[]> {
    const hit = this.members.get(channelId);
    if (hit && hit.expires > this.nowMs()) return hit.value;
    const users: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await this.slack.call('conversations.members', {
        channel: channelId,
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      });
      users.push(...((result.members as string[] | undefined) ?? []));
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    this.members.set(channelId, { value: users, expires: this.nowMs() + this.ttlMs });
    return users;
  }

  forgetChannelMembers(channelId: string): void {
    this.members.set(channelId, { value: [], expires: 0 });
  }

  async user(userId: string): Promise<UserProfile> {
    const hit = this.users.get(userId);
    if (hit && hit.expires > this.nowMs()) return hit.value;
    const result = await this.slack.call('users.info', { user: userId });
    const u = result.user as {
      id: string;
      tz?: string;
      real_name?: string;
      name?: string;
      deleted?: boolean;
      is_restricted?: boolean;
      is_ultra_restricted?: boolean;
      profile?: { display_name?: string };
    };
    const profile = {
      id: u.id,
      tz: u.tz ?? null,
      name: u.profile?.display_name || u.real_name || u.name || u.id,
      deleted: u.deleted === true,
      guest: u.is_restricted === true || u.is_ultra_restricted === true,
    };
    this.users.set(userId, { value: profile, expires: this.nowMs() + this.ttlMs });
    return profile;
  }
}
