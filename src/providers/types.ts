/**
 * The providers that reach people outside Slack, each behind one small interface so that a second
 * SMS or voice provider (Vonage, MessageBird, an SMPP gateway) is one more file implementing it.
 *
 * Errors: a provider throws `ProviderRefused` when the provider answered that this message can never
 * go to this address (an invalid or unsubscribed number, a rejected recipient); the page then moves that
 * person to their next method at once. Any other error (a 5xx, a 429, a timeout, a refused
 * connection) is the provider's trouble: the send is retried within its bounds, then reported.
 */

/** What a provider did with a send. */
export interface Sent {
  /** The provider's id (a Twilio Message or Call SID, an SMTP message id), for its status callbacks. */
  providerId: string | null;
  /**
   * `delivered`: done (SMTP accepted the mail, the webhook answered 2xx). `sent`: accepted, and a
   * status callback will say whether it reached the person (an SMS delivered, a call answered).
   */
  status: 'sent' | 'delivered';
}

/** The provider refused this send for this address for good; `reason` is its own words (code and message). */
export class ProviderRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface SmsProvider {
  readonly name: string;
  /** `to`: E.164. `statusCallbackUrl`: where the provider reports delivered / undelivered (null: none). */
  sendSms(to: string, body: string, statusCallbackUrl: string | null): Promise<Sent>;
}

export interface VoiceProvider {
  readonly name: string;
  /**
   * Call `to` (E.164) and play `say`, then offer the digits in `gather` (null: nothing to press): a key
   * press is POSTed to `gather.actionUrl`. `statusCallbackUrl` hears answered / busy / no-answer / failed.
   */
  call(
    to: string,
    say: string,
    gather: { prompt: string; actionUrl: string } | null,
    statusCallbackUrl: string | null,
  ): Promise<Sent>;
}

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface EmailProvider {
  readonly name: string;
  sendEmail(email: Email): Promise<Sent>;
}

export interface WebhookProvider {
  /** POST `body` as JSON to `url`, signed with `secret` (HMAC-SHA256). */
  post(url: string, secret: string, body: unknown): Promise<Sent>;
}

/** PagerDuty Events API v2 (pagerduty.ts), for teams that keep PagerDuty: a policy level may target `pagerduty:<name>`. */
export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export interface PagerDutyEvent {
  routingKey: string;
  action: PagerDutyAction;
  /** Ours, not PagerDuty's: the same incident always gets the same key, so its acknowledge and resolve find it. */
  dedupKey: string;
  /** Required by PagerDuty for a trigger; cut to SUMMARY_MAX here. */
  summary?: string;
  source?: string;
  severity?: PagerDutySeverity;
  /** When it happened, from the caller's clock: without it PagerDuty stamps arrival, which a retry delays. */
  timestamp?: Date;
  links?: { href: string; text: string }[];
  customDetails?: Record<string, unknown>;
}

export interface PagerDutySender {
  send(event: PagerDutyEvent): Promise<{ dedupKey: string }>;
}

/** The providers this process has settings for; a method whose provider is absent cannot be paged. */
export interface Providers {
  sms: SmsProvider | null;
  voice: VoiceProvider | null;
  email: EmailProvider | null;
  webhook: WebhookProvider | null;
  /** The Events API client and the routing key of each service by name (PAGERDUTY_ROUTING_KEY_<NAME>). */
  pagerDuty: { events: PagerDutySender; routingKeys: Record<string, string> } | null;
}

export const NO_PROVIDERS: Providers = { sms: null, voice: null, email: null, webhook: null, pagerDuty: null };
