/** The SMS, voice, email and webhook senders the environment sets up; each is null when it does not. */
import type { Env } from '../config/env';
import type { Providers } from '../providers/types';
import { TwilioProvider } from '../providers/twilio';
import { SmtpEmailProvider } from '../providers/email';
import { SignedWebhookProvider } from '../providers/webhook';

export function providersFromEnv(env: Env): Providers {
  const twilio =
    env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
      ? new TwilioProvider({
          accountSid: env.TWILIO_ACCOUNT_SID,
          authToken: env.TWILIO_AUTH_TOKEN,
          from: env.TWILIO_FROM ?? null,
          messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID ?? null,
          ...(env.TWILIO_API_URL ? { apiUrl: env.TWILIO_API_URL } : {}),
        })
      : null;
  return {
    sms: twilio,
    // A call comes from a number: a messaging service alone sends texts only.
    voice: twilio && env.TWILIO_FROM ? twilio : null,
    email:
      env.SMTP_URL && env.EMAIL_FROM ? new SmtpEmailProvider({ smtpUrl: env.SMTP_URL, from: env.EMAIL_FROM }) : null,
    webhook: new SignedWebhookProvider({}),
  };
}
