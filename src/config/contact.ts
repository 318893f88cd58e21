/**
 * Reaching people beyond Slack, as the policy file declares it: contact methods managed as code
 * (`people:`), which count as verified, and the default notification rules per urgency
 * (`notification_rules:`), which a person's own rules replace.
 */
import { z } from 'zod';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { parseDuration } from '../time/duration';

export const CONTACT_KINDS = ['sms', 'voice', 'email', 'webhook'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
/** A step of a notification rule: Slack (the page DM) or one of the person's contact methods. */
export type NotifyMethod = 'slack' | ContactKind;
export const NOTIFY_METHODS: readonly NotifyMethod[] = ['slack', ...CONTACT_KINDS];
export type Urgency = 'high' | 'low';
export const URGENCIES: readonly Urgency[] = ['high', 'low'];

export interface RuleStep {
  method: NotifyMethod;
  afterMs: number;
}

export type NotificationRules = Record<Urgency, RuleStep[]>;

/** A person's methods from the policy file: one address per kind. */
export type DeclaredMethods = Partial<Record<ContactKind, string>>;

/**
 * Our alerting design: a critical page reaches people by Slack at once, then a text, then a call; a
 * warning by Slack and email. Used when the policy file sets no rules.
 */
export const DEFAULT_NOTIFICATION_RULES: NotificationRules = {
  high: [
    { method: 'slack', afterMs: 0 },
    { method: 'sms', afterMs: 60_000 },
    { method: 'voice', afterMs: 3 * 60_000 },
  ],
  low: [
    { method: 'slack', afterMs: 0 },
    { method: 'email', afterMs: 0 },
  ],
};

/**
 * E.164 ("+15555550100") of a number written in any form libphonenumber-js reads with its country code;
 * null if it cannot be a number (wrong length for its country, no country code). Possible, not "valid":
 * validity is judged against the number ranges in the library's metadata, which lag behind new
 * allocations and refuse the reserved 555-01xx range, while a number a person adds gets a code before
 * it is ever paged, which proves it far better.
 */
export function toE164(text: string): string | null {
  const parsed = parsePhoneNumberFromString(text.trim());
  return parsed?.isPossible() ? parsed.number : null;
}

/** A plain mailbox: something@domain.tld, no spaces or display name. */
export function isEmailAddress(text: string): boolean {
  return /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/.test(text) && text.length <= 254;
}

export function isWebhookUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The address of `kind` as stored (E.164 for numbers), or the problem with it in words. */
export function normaliseAddress(kind: ContactKind, text: string): { address: string } | { problem: string } {
  const trimmed = text.trim();
  if (kind === 'sms' || kind === 'voice') {
    const e164 = toE164(trimmed);
    return e164
      ? { address: e164 }
      : { problem: `"${trimmed}" is not a phone number: write it with its country code, e.g. +1 555 555 0100` };
  }
  if (kind === 'email')
    return isEmailAddress(trimmed)
      ? { address: trimmed }
      : { problem: `"${trimmed}" is not an email address: write it as name@example.com` };
  return isWebhookUrl(trimmed)
    ? { address: trimmed }
    : { problem: `"${trimmed}" is not a URL: write it as https://example.com/hook` };
}

export const ZUrgency = z.enum(['high', 'low'], { error: 'expected high or low' });

const ZRuleStep = z
  .strictObject({
    method: z.enum(NOTIFY_METHODS as [NotifyMethod, ...NotifyMethod[]], {
      error: `expected one of ${NOTIFY_METHODS.join(', ')}`,
    }),
    after: z
      .union([z.string(), z.literal(0)], { error: 'expected a delay like 0m, 1m or 30s' })
      .default(0)
      .transform((text, ctx) => {
        if (text === 0 || /^\s*0+[smhdw]?\s*$/.test(text)) return 0;
        const ms = parseDuration(text);
        if (ms === null) {
          ctx.addIssue({ code: 'custom', message: `expected a delay like 0m, 1m or 30s, got "${text}"` });
          return z.NEVER;
        }
        return ms;
      }),
  })
  .transform((s): RuleStep => ({ method: s.method, afterMs: s.after }));

export const ZNotificationRules = z
  .strictObject({
    high: z.array(ZRuleStep).min(1).optional(),
    low: z.array(ZRuleStep).min(1).optional(),
  })
  .optional()
  .transform((r): NotificationRules => ({
    high: r?.high ?? DEFAULT_NOTIFICATION_RULES.high,
    low: r?.low ?? DEFAULT_NOTIFICATION_RULES.low,
  }));

const ZDeclaredMethods = z
  .strictObject({ sms: z.string(), voice: z.string(), email: z.string(), webhook: z.string() })
  .partial()
  .transform((m, ctx): DeclaredMethods => {
    const out: DeclaredMethods = {};
    for (const kind of CONTACT_KINDS) {
      const text = m[kind];
      if (text === undefined) continue;
      const normal = normaliseAddress(kind, text);
      if ('problem' in normal) ctx.addIssue({ code: 'custom', path: [kind], message: normal.problem });
      else out[kind] = normal.address;
    }
    return out;
  });

export const ZPeople = z
  .record(z.string().regex(/^[UW][A-Z0-9]+$/), ZDeclaredMethods, {
    // zod reports a bad record key as "Invalid key in record", whatever the key schema's own message.
    error: (issue) => (issue.code === 'invalid_key' ? 'expected a Slack user id such as U0123ABC' : undefined),
  })
  .default({});
