/**
 * The kinds of contact method as people see them, and whether this bot can use each: a kind whose
 * provider has no settings (deps.providers.sms null…) can be neither added nor paged. Pure.
 */
import { CONTACT_KINDS, type ContactKind } from '../config/contact';
import type { Providers } from '../providers/types';
import { escapeMrkdwn } from '../slack/mrkdwn';

export const KIND_LABEL: Record<ContactKind, string> = {
  sms: 'SMS',
  voice: 'Voice call',
  email: 'Email',
  webhook: 'Webhook',
};

/** How an address of each kind is written, for the form's hint and its answers. */
export const KIND_EXAMPLE: Record<ContactKind, string> = {
  sms: '+1 555 555 0100',
  voice: '+1 555 555 0100',
  email: 'name@example.com',
  webhook: 'https://example.com/hook',
};

export function isContactKind(text: string | null): text is ContactKind {
  return (CONTACT_KINDS as readonly (string | null)[]).includes(text);
}

export function isSetUp(providers: Providers, kind: ContactKind): boolean {
  return providers[kind] !== null;
}

/** Why `kind` cannot be added here, in words that say who can change it. */
export function notSetUp(kind: ContactKind): string {
  switch (kind) {
    case 'sms':
      return 'SMS is not set up on this bot: an admin sets TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (docs/waking-people.md). Pick another kind.';
    case 'voice':
      return 'Voice calls are not set up on this bot: an admin sets TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM, a number (docs/waking-people.md). Pick another kind.';
    case 'email':
      return 'Email is not set up on this bot: an admin sets SMTP_URL and EMAIL_FROM (docs/waking-people.md). Pick another kind.';
    case 'webhook':
      return 'Webhooks are not set up on this bot: an admin turns them on (docs/configuration.md). Pick another kind.';
  }
}

/** An address in the person's own answers (mrkdwn): in full, escaped (a URL may hold `&` or `<`). */
export function shownAddress(address: string): string {
  return escapeMrkdwn(address);
}

/** "SMS +15555550100", for the person's own answers. */
export function methodLabel(kind: string, address: string): string {
  return `${KIND_LABEL[kind as ContactKind] ?? escapeMrkdwn(kind)} ${shownAddress(address)}`;
}
