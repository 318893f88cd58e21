/**
 * What an SMTP failure means for a page: the relay refused this address (or this message) for good,
 * and the person moves to their next method at once; or the relay, the network or our own settings
 * are in trouble, and the send is retried, then reported. Pure.
 */
import { maskEmail } from './mask';
import { ProviderRefused } from './types';

/** The fields nodemailer puts on the errors it hands back (NodemailerError). */
export interface SmtpFailure {
  message?: string;
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  permanent?: boolean;
}

/**
 * A reply class 5 refusal of the recipient (RCPT TO) or of the message itself (the reply to DATA or
 * to its end): the same mail to the same address gets the same answer. 503 (bad sequence) is the
 * session's state, not the address, so it is retried on a fresh connection, as nodemailer's
 * `permanent` says. A refused sender (MAIL FROM) or login is our configuration, not the person's
 * address: every page would fail alike, so it stays retryable and is reported to whoever runs the bot.
 */
function refusedForGood(err: SmtpFailure): boolean {
  const permanent = err.permanent ?? (err.responseCode !== undefined && err.responseCode >= 500);
  if (!permanent || err.responseCode === undefined) return false;
  return err.command === 'RCPT TO' || err.command === 'DATA';
}

/** nodemailer checks the envelope before it connects: an address no relay could take. */
function invalidRecipient(err: SmtpFailure): boolean {
  return err.code === 'EENVELOPE' && err.command === 'API' && /^Invalid recipient/.test(err.message ?? '');
}

/** The reply's own words without its code: "550 5.1.1 No such user" → "5.1.1 No such user". */
function replyText(response: string | undefined, code: number): string {
  return (response ?? '').replace(new RegExp(`^${code}[ -]?`), '').trim();
}

/**
 * Takes out of a text what must not reach a log: the SMTP password (in any form a server might echo
 * it), and the person's address, which logs show masked (mask.ts).
 */
export function scrub(text: string, secrets: readonly string[], address: string): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('•••');
  // A relay may echo the address in another case (domains are case-insensitive).
  if (address) out = out.replace(new RegExp(address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), maskEmail(address));
  return out;
}

/** The error sendEmail throws for a failed send to `to`: ProviderRefused, or a plain (retryable) Error. */
export function smtpSendError(err: SmtpFailure, to: string, secrets: readonly string[]): Error {
  if (invalidRecipient(err)) return new ProviderRefused('SMTP: invalid recipient address');
  if (refusedForGood(err)) {
    const code = err.responseCode as number;
    return new ProviderRefused(scrub(`SMTP ${code}: ${replyText(err.response, code)}`, secrets, to));
  }
  const what = [err.code, err.responseCode, err.command && `on ${err.command}`].filter(Boolean).join(' ');
  const detail = err.response ?? err.message ?? 'unknown error';
  return new Error(scrub(`SMTP send failed${what ? ` (${what})` : ''}: ${detail}`, secrets, to));
}

/**
 * A send that resolved yet names the recipient among the rejected: a relay that took DATA without an
 * accepted recipient. Judged by the recipient's own reply, like a send that failed.
 */
export function rejectedRecipientError(to: string, failure: SmtpFailure | undefined, secrets: readonly string[]) {
  return failure ? smtpSendError(failure, to, secrets) : new ProviderRefused('SMTP: recipient rejected');
}
