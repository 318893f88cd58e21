/**
 * One message to one contact method, through the provider of its kind: the IO that a verification
 * code and a test share. Never called with a transaction open (the caller commits first), and the
 * address never reaches a log line whole: logs carry maskAddress.
 */
import type { Deps } from '../runtime/deps';
import type { ContactKind } from '../config/contact';
import { maskAddress } from '../providers/mask';
import { ProviderRefused, type Email } from '../providers/types';
import { inTransaction } from '../db/transactionGuard';
import { notSetUp } from './kinds';
import { escapeMrkdwn } from '../slack/mrkdwn';

/** The message in the form of each kind it may go to (only the target's kind is read). */
export interface Message {
  sms?: string;
  /** What a call says. */
  say?: string;
  email?: Email;
  webhook?: Record<string, string>;
}

export interface Target {
  userId: string;
  kind: ContactKind;
  address: string;
  /** A webhook's signing secret. */
  secret: string | null;
}

export type Delivery = { ok: true } | { ok: false; refused: boolean; problem: string };

export async function deliver(deps: Deps, target: Target, message: Message, purpose: string): Promise<Delivery> {
  // A provider can take seconds: holding row locks that long would stall everyone's pages.
  if (inTransaction()) throw new Error(`a ${purpose} was sent with a database transaction open`);
  const masked = maskAddress(target.kind, target.address);
  const log = { userId: target.userId, kind: target.kind, to: masked, purpose };
  try {
    const sent = await send(deps, target, message);
    if (!sent) return { ok: false, refused: false, problem: notSetUp(target.kind) };
    deps.log.info(log, 'contact method message sent');
    return { ok: true };
  } catch (error) {
    // The provider's own words may quote the address: the person sees them, the log does not.
    const said = error instanceof Error ? error.message : String(error);
    const reason = said.split(target.address).join(masked);
    if (error instanceof ProviderRefused) {
      deps.log.warn({ ...log, reason }, 'provider refused a contact method message');
      return { ok: false, refused: true, problem: `${providerName(target.kind)} refused it: ${escapeMrkdwn(said)}` };
    }
    deps.log.warn({ ...log, err: reason }, 'provider failed to send a contact method message');
    return {
      ok: false,
      refused: false,
      problem: `${providerName(target.kind)} could not be reached just now (${escapeMrkdwn(said)}). Try again in a minute.`,
    };
  }
}

/** Sends, or returns false when this kind's provider is not set up. */
async function send(deps: Deps, target: Target, message: Message): Promise<boolean> {
  const p = deps.providers;
  const form = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error(`no ${target.kind} form of this message`);
    return value;
  };
  switch (target.kind) {
    case 'sms':
      if (!p.sms) return false;
      await p.sms.sendSms(target.address, form(message.sms), null);
      return true;
    case 'voice':
      if (!p.voice) return false;
      await p.voice.call(target.address, form(message.say), null, null);
      return true;
    case 'email':
      if (!p.email) return false;
      await p.email.sendEmail({ ...form(message.email), to: target.address });
      return true;
    case 'webhook':
      if (!p.webhook) return false;
      await p.webhook.post(target.address, target.secret ?? '', form(message.webhook));
      return true;
  }
}

const PROVIDER_NAME: Record<ContactKind, string> = {
  sms: 'The SMS provider',
  voice: 'The voice provider',
  email: 'The mail server',
  webhook: 'Your URL',
};

function providerName(kind: ContactKind): string {
  return PROVIDER_NAME[kind];
}
