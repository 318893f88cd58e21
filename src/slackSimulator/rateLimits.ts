/**
 * Slack's Web API rate limits, as the stand-in enforces them: per method per workspace, by tier, and
 * chat.postMessage's own rule (about one message per second per channel, plus a workspace-wide cap).
 *
 * Source: https://docs.slack.dev/apis/web-api/rate-limits (tiers: "Tier 1 1+ per minute … a small amount
 * of burst behavior is tolerated; Tier 2 20+ per minute … occasional bursts; Tier 3 50+ per minute …
 * sporadic bursts are welcome; Tier 4 100+ per minute … generous burst behavior"; "Posting messages:
 * 1 per second [per channel]. Short bursts >1 allowed"; chat.postMessage also keeps "a workspace-wide
 * limit" of "several hundred messages per minute") and each method's reference page
 * (https://docs.slack.dev/reference/methods/<method>, "Rate limits" fact) for the tier.
 *
 * The model: a token bucket per (method) or (chat.postMessage, channel), whose capacity is the tier's
 * per-minute figure (TIER_BURST) and which refills continuously at that figure per minute — a full minute's quota
 * may be spent at once (Slack's "burst tolerance"), then calls are paced. Slack documents neither its
 * algorithm nor its burst sizes, so this is a fair reading of the docs, not a copy of Slack.
 * A refused call costs nothing; a call Slack answered (ok or not) costs one token.
 */

/** Calls per minute for each tier (the documented minimums, "20+", "50+"…). */
export const TIER_PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;
export type Tier = keyof typeof TIER_PER_MINUTE;
/**
 * How many calls may come at once: a minute's quota, except Tier 1, whose "small amount of burst
 * behavior" is read as 2 — enough for a Socket Mode app to reconnect when Slack asks it to
 * (disconnect: refresh_requested) right after connecting, which Slack does not refuse.
 */
export const TIER_BURST = { 1: 2, 2: 20, 3: 50, 4: 100 } as const;

/**
 * The tier of every Web API method the stand-in serves. Marked "unsure" where the reference page
 * says "Special" or where the tier is from memory rather than the page.
 */
export const METHOD_TIERS: Record<string, Tier> = {
  'apps.connections.open': 1,
  // Reference page: "Special". Slack lets it be called often (it is how clients check a token); Tier 4 here. Unsure.
  'auth.test': 4,
  'chat.delete': 3,
  // Reference page: "Special"; modelled as Tier 4. Unsure.
  'chat.getPermalink': 4,
  'chat.postEphemeral': 4,
  // chat.postMessage: special, see POST_MESSAGE below; not in this table.
  'chat.update': 3,
  'conversations.archive': 2,
  'conversations.create': 2,
  // Tier 3 for internal (customer-built) apps, which this bot is; since 2025 commercially distributed
  // non-Marketplace apps get 1 per minute here (see the rate-limits page's "App types" note).
  'conversations.history': 3,
  'conversations.info': 3,
  'conversations.invite': 3,
  'conversations.join': 3,
  'conversations.list': 2,
  'conversations.members': 4,
  'conversations.open': 3,
  'conversations.rename': 2,
  'conversations.replies': 3, // same note as conversations.history
  'conversations.setPurpose': 2,
  'conversations.setTopic': 2,
  'conversations.unarchive': 2,
  // files.getUploadURLExternal's page says Tier 4; completeUploadExternal's is Tier 4 from memory. Unsure.
  'files.completeUploadExternal': 4,
  'files.getUploadURLExternal': 4,
  'pins.add': 2,
  'pins.list': 2,
  'pins.remove': 2,
  'reactions.add': 3,
  'usergroups.create': 2,
  'usergroups.list': 2,
  'usergroups.users.list': 2,
  'usergroups.users.update': 2,
  'users.conversations': 3,
  'users.info': 4,
  'views.open': 4,
  'views.publish': 4,
  'views.push': 4,
  'views.update': 4,
};

/** A method missing from the table: Tier 3, the middle of the road, until someone looks it up. */
export const DEFAULT_TIER: Tier = 3;

/**
 * chat.postMessage: "1 per second per channel, short bursts >1 allowed". A burst of 5 lets one job
 * post an incident's few opening messages (summary, announcement, a role change) at once, as Slack
 * lets a bot do, while a flood into one channel is paced at 1/s. Workspace-wide: "several hundred per
 * minute"; 300/min here.
 */
export const POST_MESSAGE = { perChannelBurst: 5, perChannelPerSecond: 1, workspacePerMinute: 300 } as const;

/** A bucket of `capacity` tokens refilled at `perMinute` tokens a minute, on the stand-in's clock. */
class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly capacity: number,
    private readonly perMinute: number,
    nowMs: number,
  ) {
    this.tokens = capacity;
    this.at = nowMs;
  }

  private refill(nowMs: number): void {
    // A clock set back (a test's ManualClock.set) refills nothing rather than draining the bucket.
    if (nowMs > this.at)
      this.tokens = Math.min(this.capacity, this.tokens + ((nowMs - this.at) * this.perMinute) / 60_000);
    this.at = Math.max(this.at, nowMs);
  }

  /** Ms until one token is there (0: now). A hair's tolerance: 3000 ms of 20/min is one token, not 0.99999. */
  waitMs(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens >= 1 - 1e-9 ? 0 : ((1 - this.tokens) * 60_000) / this.perMinute;
  }

  take(): void {
    this.tokens -= 1;
  }
}

export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly now: () => number) {}

  private bucket(key: string, capacity: number, perMinute: number): TokenBucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(capacity, perMinute, this.now());
      this.buckets.set(key, b);
    }
    return b;
  }

  private bucketsFor(method: string, channel: string | undefined): TokenBucket[] {
    if (method === 'chat.postMessage') {
      const perChannel = POST_MESSAGE.perChannelPerSecond * 60;
      return [
        this.bucket(`chat.postMessage#${channel ?? ''}`, POST_MESSAGE.perChannelBurst, perChannel),
        this.bucket('chat.postMessage', POST_MESSAGE.workspacePerMinute, POST_MESSAGE.workspacePerMinute),
      ];
    }
    const tier = METHOD_TIERS[method] ?? DEFAULT_TIER;
    return [this.bucket(method, TIER_BURST[tier], TIER_PER_MINUTE[tier])];
  }

  /**
   * Admit one call, or answer how long to wait: Retry-After in whole seconds (at least 1), as Slack
   * sends it. `channel` is chat.postMessage's channel argument (an id or a name: Slack limits by the
   * conversation; the stand-in keys by what it was given, which is the same for one caller).
   */
  admit(method: string, channel: string | undefined): { retryAfterS: number } | null {
    const buckets = this.bucketsFor(method, channel);
    const nowMs = this.now();
    const waitMs = Math.max(...buckets.map((b) => b.waitMs(nowMs)));
    if (waitMs > 0) return { retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
    for (const b of buckets) b.take();
    return null;
  }

  /** Forget every bucket: all full again. */
  clear(): void {
    this.buckets.clear();
  }
}
