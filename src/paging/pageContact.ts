/**
 * A notification rule step beyond Slack, when it is due: a text, a call, an email or a webhook to the
 * person's first method of that kind that may page them (verified, not opted out). No transaction is
 * open while the provider is called; what it did is recorded after (contactDelivery.ts).
 */
import type { Job } from '../generated/prisma/client';
import type { Deps } from '../runtime/deps';
import type { ContactKind } from '../config/contact';
import { ProviderRefused, type Sent } from '../providers/types';
import { maskAddress } from '../providers/mask';
import type { Job as OutboxJob, PageContactPayload } from '../outbox';
import { pageableMethods, type PageableMethod } from '../contact/reachable';
import { recordContactFailed, recordContactSent } from './contactDelivery';
import { METHOD_WORDS } from './nextMethod';
import { emailMessage, smsText, voiceText, webhookBody, type ContactPageInput } from './views/contactMessages';
import { ackToken } from './ackToken';
import { pageSubject } from './views/pageSubject';

const stopped = (state: string) => state === 'acknowledged' || state === 'cancelled';

/** Where the provider reports back, and the acknowledge link: only when PUBLIC_URL is set. */
function urls(deps: Deps, contactId: number) {
  const base = deps.publicUrl();
  return {
    status: base ? `${base}/twilio/status/${contactId}` : null,
    keyPress: base ? `${base}/twilio/voice/${contactId}` : null,
    ack: base ? `${base}/ack/${ackToken(deps.linkKey, contactId)}` : null,
  };
}

async function send(deps: Deps, kind: ContactKind, to: PageableMethod, input: ContactPageInput, userId: string) {
  const { providers } = deps;
  const link = urls(deps, input.contactId);
  const notSetUp = () => new ProviderRefused(`${METHOD_WORDS[kind]} is not set up on this bot`);
  switch (kind) {
    case 'sms':
      if (!providers.sms) throw notSetUp();
      return providers.sms.sendSms(to.address, smsText(input), link.status);
    case 'voice': {
      if (!providers.voice) throw notSetUp();
      // Without a public URL Twilio could not tell us the key pressed: the call would only wake them.
      if (!link.keyPress) throw new ProviderRefused('a call needs PUBLIC_URL, for the key press to come back');
      const { say, prompt } = voiceText(input);
      return providers.voice.call(to.address, say, { prompt, actionUrl: link.keyPress }, link.status);
    }
    case 'email':
      if (!providers.email) throw notSetUp();
      return providers.email.sendEmail({ to: to.address, ...emailMessage(input, link.ack) });
    case 'webhook':
      if (!providers.webhook) throw notSetUp();
      // Unsigned, anyone could forge a page to the receiver, and the body carries the acknowledge link.
      if (!to.secret) throw new ProviderRefused('the webhook has no signing secret');
      return providers.webhook.post(to.address, to.secret ?? '', webhookBody(input, userId, link.ack));
  }
}

export async function runPageContact(job: Job, deps: Deps) {
  const { contactId } = job.payload as unknown as PageContactPayload;
  const contact = await deps.db.pageContact.findUnique({
    where: { id: contactId },
    include: { page: { include: { incident: true, alertGroup: true } } },
  });
  if (!contact) return { skipped: 'page gone' };
  if (contact.status !== 'pending') return { skipped: `already ${contact.status}` };
  if (contact.sentAt && contact.address) {
    // An earlier attempt sent it and could not record it: recorded now, never sent again.
    await recordContactSent(deps, contactId, contact.address, { providerId: contact.providerId, status: 'sent' });
    return { skipped: 'sent by an earlier attempt' };
  }
  const { page } = contact;
  if (stopped(page.state)) {
    await deps.db.pageContact.updateMany({
      where: { id: contactId, status: 'pending' },
      data: { status: 'cancelled' },
    });
    return { skipped: `page ${page.state}` };
  }
  const kind = contact.method as ContactKind;
  const [to] = await pageableMethods(deps.db, deps.config, contact.userId, kind);
  if (!to) throw new ProviderRefused(`they have no verified ${METHOD_WORDS[kind]} method`);
  const input: ContactPageInput = { ...pageSubject(page, deps.config, 'person'), contactId };
  // Looked at again just before sending, as a page DM does: an acknowledgement meanwhile wakes nobody.
  const latest = await deps.db.page.findUnique({ where: { id: page.id }, select: { state: true } });
  if (!latest || stopped(latest.state)) return { skipped: `page ${latest?.state ?? 'gone'}` };
  // Where it is going, before it goes: a refusal is then reported with the (masked) address it was for.
  await deps.db.pageContact.updateMany({ where: { id: contactId, status: 'pending' }, data: { address: to.address } });
  const sent: Sent = await send(deps, kind, to, input, contact.userId);
  // Kept at once, without the page's locks: should recording it below fail, the retry finds it sent.
  await deps.db.pageContact.update({
    where: { id: contactId },
    data: { providerId: sent.providerId, sentAt: deps.clock.now(), address: to.address },
  });
  await recordContactSent(deps, contactId, to.address, sent);
  deps.log.info(
    { incidentId: page.incidentId, pageId: page.id, contactId, method: kind, to: maskAddress(kind, to.address) },
    'page contact sent',
  );
  return { method: kind, to: maskAddress(kind, to.address), providerId: sent.providerId, status: sent.status };
}

/** The outbox gave the step up (the provider refused it, or kept failing past 90 s): the person's next method goes now. */
export async function pageContactGaveUp(job: OutboxJob, deps: Deps, reason: string): Promise<void> {
  await recordContactFailed(deps, (job.payload as unknown as PageContactPayload).contactId, reason);
}
