/**
 * Proving a method is its person's: a number or mailbox gets a 6-digit code (stored as a hash, then
 * sent: the store commits before the provider is called); a webhook gets a signed POST, and answering
 * it 2xx verifies it at once. Returns what to tell the person in the modal.
 */
import type { Deps } from '../runtime/deps';
import type { ContactKind } from '../config/contact';
import { codeEmail, codeSms, codeSpoken, webhookBody } from './texts';
import { CODE_TTL_MS, codeStateFor, makeCode } from './verification';
import { deliver } from './deliver';
import { findMethod, storeCode, type ContactMethod } from './methods';
import { methodLabel, shownAddress } from './kinds';

/** Between two codes to one method: the person's phone is not a free SMS gateway for a stuck button. */
export const RESEND_AFTER_MS = 30_000;

export interface CodeNotice {
  text: string;
  /** The method whose code the modal should ask for next, if any. */
  verifying: number | null;
}

/** "Send code again": a new code for an unverified method (or another test POST for a webhook). */
export async function resendCode(deps: Deps, userId: string, id: number): Promise<CodeNotice> {
  const method = await findMethod(deps.db, userId, id);
  if (!method) return { text: 'That method is no longer there.', verifying: null };
  if (method.verifiedAt && !method.disabledAt)
    return { text: `${methodLabel(method.kind, method.address)} is already verified.`, verifying: null };
  const now = deps.clock.now();
  const sentAt = method.codeExpiresAt ? method.codeExpiresAt.getTime() - CODE_TTL_MS : null;
  if (method.kind !== 'webhook' && sentAt !== null && now.getTime() - sentAt < RESEND_AFTER_MS) {
    const wait = Math.ceil((RESEND_AFTER_MS - (now.getTime() - sentAt)) / 1000);
    return {
      text: `A code went out less than ${RESEND_AFTER_MS / 1000} s ago: wait ${wait} s before asking for another.`,
      verifying: id,
    };
  }
  return sendCode(deps, method);
}

/** Sends `method` its code (or, a webhook, its verification POST), now. */
export async function sendCode(deps: Deps, method: ContactMethod): Promise<CodeNotice> {
  if (method.kind === 'webhook') return verifyWebhook(deps, method);
  const code = makeCode();
  await storeCode(deps.db, method.userId, method.id, codeStateFor(code, deps.clock.now()));
  const sent = await deliver(
    deps,
    { userId: method.userId, kind: method.kind as ContactKind, address: method.address, secret: null },
    { sms: codeSms(code), say: codeSpoken(code), email: codeEmail(method.address, code) },
    'verification code',
  );
  if (!sent.ok) return { text: `:x: ${sent.problem}`, verifying: null };
  return {
    text: `:incoming_envelope: ${how(method.kind as ContactKind)} a 6-digit code to ${shownAddress(method.address)}. Type it below and press *Save* (it expires in ${CODE_TTL_MS / 60_000} minutes).`,
    verifying: method.id,
  };
}

async function verifyWebhook(deps: Deps, method: ContactMethod): Promise<CodeNotice> {
  const sent = await deliver(
    deps,
    { userId: method.userId, kind: 'webhook', address: method.address, secret: method.secret },
    { webhook: webhookBody('verification') },
    'webhook verification',
  );
  if (!sent.ok)
    return {
      text: `:x: ${sent.problem} The webhook is not verified: make it answer 2xx, then press *Try again*.`,
      verifying: null,
    };
  await deps.db.contactMethod.updateMany({
    where: { id: method.id, userId: method.userId },
    data: { verifiedAt: deps.clock.now(), disabledAt: null, disabledReason: null },
  });
  return {
    text: `:white_check_mark: ${shownAddress(method.address)} answered: the webhook is verified.`,
    verifying: null,
  };
}

function how(kind: ContactKind): string {
  return kind === 'voice' ? 'We are calling with' : kind === 'email' ? 'We emailed' : 'We texted';
}
