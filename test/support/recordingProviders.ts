/**
 * Providers (SMS, voice, email, webhook) that send nothing: each send is recorded as { kind, to, text }
 * for the test to read (a call's `text` is what it says; an email's is its subject, a blank line and its
 * body; a webhook's is its JSON body). An address told to `refuse` is refused as a provider refuses
 * one for good (ProviderRefused); one told to `fail` fails as a provider in trouble does (a plain
 * error, e.g. a 503). A kind left out of `kinds` is not set up (its provider is null), as on a bot
 * without its settings.
 */
import type { ContactKind } from '../../src/config/contact';
import { ProviderRefused, type Providers, type Sent } from '../../src/providers/types';

export interface Recorded {
  kind: ContactKind;
  to: string;
  text: string;
  /** Email only. */
  subject?: string;
  /** Webhook only: the secret it was signed with. */
  secret?: string;
}

export interface RecordingProviders {
  providers: Providers;
  sent: Recorded[];
  /** Sends to `to` are refused for good, with `reason` as the provider's words. */
  refuse(to: string, reason?: string): void;
  /** Sends to `to` fail as an outage would (not a refusal). */
  fail(to: string, reason?: string): void;
  /** What went to `to`, oldest first. */
  to(to: string): Recorded[];
}

export function recordingProviders(
  kinds: readonly ContactKind[] = ['sms', 'voice', 'email', 'webhook'],
): RecordingProviders {
  const sent: Recorded[] = [];
  const refused = new Map<string, string>();
  const failing = new Map<string, string>();
  let n = 0;
  const take = (record: Recorded): Sent => {
    const refusal = refused.get(record.to);
    if (refusal !== undefined) throw new ProviderRefused(refusal);
    const failure = failing.get(record.to);
    if (failure !== undefined) throw new Error(failure);
    sent.push(record);
    n += 1;
    return {
      providerId: `${record.kind}-${n}`,
      status: record.kind === 'sms' || record.kind === 'voice' ? 'sent' : 'delivered',
    };
  };
  const on = (kind: ContactKind) => kinds.includes(kind);
  const providers: Providers = {
    sms: on('sms') ? { name: 'recording', sendSms: async (to, body) => take({ kind: 'sms', to, text: body }) } : null,
    voice: on('voice') ? { name: 'recording', call: async (to, say) => take({ kind: 'voice', to, text: say }) } : null,
    email: on('email')
      ? {
          name: 'recording',
          sendEmail: async (email) =>
            take({ kind: 'email', to: email.to, subject: email.subject, text: `${email.subject}\n\n${email.text}` }),
        }
      : null,
    webhook: on('webhook')
      ? { post: async (url, secret, body) => take({ kind: 'webhook', to: url, text: JSON.stringify(body), secret }) }
      : null,
    pagerDuty: null,
  };
  return {
    providers,
    sent,
    refuse: (to, reason = `21211 The 'To' number ${to} is not a valid phone number.`) => refused.set(to, reason),
    fail: (to, reason = 'HTTP 503 from the provider') => failing.set(to, reason),
    to: (to) => sent.filter((r) => r.to === to),
  };
}
