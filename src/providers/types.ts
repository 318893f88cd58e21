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

/** The providers this process has settings for; a method whose provider is absent cannot be paged. */
export interface Providers {
  sms: SmsProvider | null;
  voice: VoiceProvider | null;
  email: EmailProvider | null;
  webhook: WebhookProvider | null;
}

export const NO_PROVIDERS: Providers = { sms: null, voice: null, email: null, webhook: null };
