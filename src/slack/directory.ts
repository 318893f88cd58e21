/**
 * Slack lookups the bot needs at fire time (user-group members, a user's time zone), cached briefly:
 * escalations resolve targets inside a transaction, and a cache hit keeps that transaction short.
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
}

export class SlackDirectory {
  private readonly groups = new Map<string, Cached<string[]>>();
  private readonly users = new Map<string, Cached<UserProfile>>();
  /** Channel names from the policy file → ids, learnt from our own posts (a name never changes its id). */
  private readonly channelIds = new Map<string, string>();

  rememberChannel(name: string, id: string): void {
    this.channelIds.set(name.replace(/^#/, ''), id);
  }

  knownChannelId(name: string): string | undefined {
    return this.channelIds.get(name.replace(/^#/, ''));
  }

  constructor(
    private readonly slack: SlackGateway,
    private readonly ttlMs = 60_000,
    // Cache expiry is bookkeeping, not domain time: real elapsed time is what matters here.
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  async usergroupMembers(groupId: string): Promise<string[]> {
    const hit = this.groups.get(groupId);
    if (hit && hit.expires > this.nowMs()) return hit.value;
    const result = await this.slack.call('usergroups.users.list', { usergroup: groupId });
    const users = (result.users as string[] | undefined) ?? [];
    this.groups.set(groupId, { value: users, expires: this.nowMs() + this.ttlMs });
    return users;
  }

  async user(userId: string): Promise<UserProfile> {
    const hit = this.users.get(userId);
    if (hit && hit.expires > this.nowMs()) return hit.value;
    const result = await this.slack.call('users.info', { user: userId });
    const u = result.user as { id: string; tz?: string; real_name?: string; name?: string; profile?: { display_name?: string } };
    const profile = { id: u.id, tz: u.tz ?? null, name: u.profile?.display_name || u.real_name || u.name || u.id };
    this.users.set(userId, { value: profile, expires: this.nowMs() + this.ttlMs });
    return profile;
  }
}
