/**
 * Answers that reach the bot from outside Slack, already checked as the provider's (app/ wiring checks
 * signatures): an SMS reply, a key pressed on a paging call, and a provider's word on whether a text or
 * call got through. Each acts as the person's button would, on the page it was sent for.
 */
import type { Deps } from '../runtime/deps';
import { UserError } from '../common/errors';
import { maskNumber } from '../providers/mask';
import { enqueuePost, jobKey } from '../outbox';
import { acknowledgePage } from './acknowledgePage';
import { escalatePage } from './escalatePage';
import { recordContactDelivered, recordContactFailed } from './contactDelivery';
import { parseSmsReply, plainWords } from './smsReply';

const LIVE = ['open', 'exhausted'];
const HOW_TO_REPLY =
  'Reply 1 to acknowledge or 2 to escalate your latest page; add its Ref to pick another, e.g. "1 4821".';

async function act(
  deps: Deps,
  contact: { pageId: number; level: number; cycle: number; userId: string },
  what: 'acknowledge' | 'escalate',
  via: 'sms' | 'voice',
) {
  const ref = { pageId: contact.pageId, level: contact.level, cycle: contact.cycle };
  try {
    const text =
      what === 'acknowledge'
        ? await acknowledgePage(deps, ref, contact.userId, via)
        : await escalatePage(deps, ref, contact.userId);
    return plainWords(text);
  } catch (error) {
    if (error instanceof UserError) return plainWords(error.message);
    throw error;
  }
}

/** A text from `from` (E.164) to the bot's number: returns the reply to text back (empty: none). */
export async function answerSms(deps: Deps, from: string, body: string): Promise<string> {
  const reply = parseSmsReply(body);
  if (reply.kind === 'stop') {
    await optOut(deps, from);
    return '';
  }
  if (reply.kind === 'start') return 'To get pages by text again, verify this number again in Slack: /oncall me.';
  if (reply.kind === 'unknown') return HOW_TO_REPLY;
  // Only a page texted to this very number: the sender's number is the person's verified one it went to.
  const sentHere = { method: 'sms', address: from, status: { in: ['sent', 'delivered'] } };
  const contact = await deps.db.pageContact.findFirst({
    where: reply.ref !== null ? { ...sentHere, id: reply.ref } : { ...sentHere, page: { state: { in: LIVE } } },
    orderBy: { sentAt: 'desc' },
  });
  if (!contact)
    return reply.ref !== null
      ? `No page with Ref ${reply.ref} was texted to this number.`
      : 'No open page was texted to this number.';
  return act(deps, contact, reply.kind, 'sms');
}

/**
 * STOP: every SMS method on this number is disabled (a number the policy file declares too, by a
 * disabled row of its own), and its person is told in Slack how to turn texts back on.
 */
async function optOut(deps: Deps, from: string): Promise<void> {
  const now = deps.clock.now();
  const declaredBy = Object.entries(deps.config.people)
    .filter(([, m]) => m.sms === from)
    .map(([userId]) => userId);
  await deps.db.$transaction(async (tx) => {
    const stored = await tx.contactMethod.findMany({ where: { kind: 'sms', address: from } });
    const people = new Set([...stored.map((m) => m.userId), ...declaredBy]);
    for (const userId of people) {
      await tx.contactMethod.upsert({
        where: { userId_kind_address: { userId, kind: 'sms', address: from } },
        create: { userId, kind: 'sms', address: from, createdAt: now, disabledAt: now, disabledReason: 'replied STOP' },
        update: { disabledAt: now, disabledReason: 'replied STOP' },
      });
      await enqueuePost(tx, now, {
        key: jobKey.contactNoticeDm(userId, `stop:${from}:${now.getTime()}`),
        incidentId: null,
        to: { kind: 'user', id: userId },
        text: `:no_bell: You replied STOP to a page texted to ${maskNumber(from)}, so the bot will not text you there any more. Pages still reach you by your other methods. To get texts there again, verify the number again in \`${deps.config.commands.oncall} me\`.`,
      });
    }
  });
  deps.log.info({ to: maskNumber(from) }, 'SMS opt-out (STOP) honoured');
  deps.kick();
}

/** A key pressed on a paging call: returns what the call says back. */
export async function answerKeyPress(deps: Deps, contactId: number, digits: string): Promise<string> {
  const contact = await deps.db.pageContact.findUnique({ where: { id: contactId } });
  if (!contact || contact.method !== 'voice' || !['pending', 'sent', 'delivered'].includes(contact.status))
    return 'This call is not for an open page. Goodbye.';
  // A key pressed is a call answered.
  await recordContactDelivered(deps, contact);
  if (digits === '1') return act(deps, contact, 'acknowledge', 'voice');
  if (digits === '2') return act(deps, contact, 'escalate', 'voice');
  return 'That key does nothing. Acknowledge the page in Slack. Goodbye.';
}

/** Twilio's MessageStatus / CallStatus for a text or call: whether it reached the person. */
export async function recordProviderStatus(deps: Deps, contactId: number, status: string): Promise<void> {
  const contact = await deps.db.pageContact.findUnique({
    where: { id: contactId },
    select: { id: true, method: true },
  });
  if (!contact) return;
  const verdict = statusVerdict(contact.method, status);
  if (verdict === 'delivered') await recordContactDelivered(deps, contact);
  else if (verdict) await recordContactFailed(deps, contactId, verdict.failed);
}

/** Pure: a provider status as delivered, failed (with why), or nothing yet (queued, ringing…). */
export function statusVerdict(method: string, status: string): 'delivered' | { failed: string } | null {
  if (method === 'sms') {
    if (status === 'delivered') return 'delivered';
    if (status === 'undelivered') return { failed: 'the text was not delivered' };
    if (status === 'failed') return { failed: 'the text could not be sent' };
    return null;
  }
  // Answered but no key pressed (a key press records the call as delivered first): most likely voicemail.
  if (status === 'completed') return { failed: 'the call was answered but no key was pressed (voicemail?)' };
  if (status === 'busy') return { failed: 'the line was busy' };
  if (status === 'no-answer') return { failed: 'the call was not answered' };
  if (status === 'failed' || status === 'canceled')
    return { failed: `the call ${status === 'failed' ? 'failed' : 'was cancelled'}` };
  return null;
}
