/** The SMS, voice, email and webhook senders the environment sets up; each is null when it does not. */
import type { Env } from '../config/env';
import type { Providers } from '../providers/types';
import { TwilioProvider } from '../providers/twilio';
import { SmtpEmailProvider } from '../providers/email';
import { SignedWebhookProvider } from '../providers/webhook';
import { PagerDutyEvents } from '../providers/pagerduty';
import { pagerDutyRoutingKeys } from '../providers/pagerdutyKeys';

/**
 * `raw`: the whole environment, for the PAGERDUTY_ROUTING_KEY_<NAME> variables (one per service).
 * `fetchFn`: the process's outgoing fetch (runtime/proxy.ts), so every HTTP provider honours the proxy.
 */
export function providersFromEnv(env: Env, raw: NodeJS.ProcessEnv, fetchFn?: typeof fetch): Providers {
  const viaProxy = fetchFn ? { fetch: fetchFn } : {};
  const routingKeys = pagerDutyRoutingKeys(raw);
  const twilio =
    env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
      ? new TwilioProvider({
          accountSid: env.TWILIO_ACCOUNT_SID,
          authToken: env.TWILIO_AUTH_TOKEN,
          from: env.TWILIO_FROM ?? null,
          messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID ?? null,
          ...(env.TWILIO_API_URL ? { apiUrl: env.TWILIO_API_URL } : {}),
          ...viaProxy,
        })
      : null;
  return {
    sms: twilio,
    // A call comes from a number: a messaging service alone sends texts only.
    voice: twilio && env.TWILIO_FROM ? twilio : null,
    email:
      env.SMTP_URL && env.EMAIL_FROM ? new SmtpEmailProvider({ smtpUrl: env.SMTP_URL, from: env.EMAIL_FROM }) : null,
    webhook: new SignedWebhookProvider(viaProxy),
    pagerDuty: Object.keys(routingKeys).length
      ? {
          events: new PagerDutyEvents({
            ...(env.PAGERDUTY_API_URL ? { apiUrl: env.PAGERDUTY_API_URL } : {}),
            ...viaProxy,
          }),
          routingKeys,
        }
      : null,
  };
}

/** Values no log line may carry: the SMTP password and every PagerDuty routing key. */
export function providerSecrets(env: Env, raw: NodeJS.ProcessEnv): string[] {
  let smtpPassword: string | undefined;
  try {
    smtpPassword = env.SMTP_URL ? decodeURIComponent(new URL(env.SMTP_URL).password) || undefined : undefined;
  } catch {
    smtpPassword = undefined;
  }
  return [smtpPassword, ...Object.values(pagerDutyRoutingKeys(raw))].filter((v): v is string => Boolean(v));
}
