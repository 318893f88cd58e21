/**
 * Adding a method from the modal, after the submission's ack: store it (unverified), then, with the
 * transaction over, send its code (a webhook: its signed verification POST). A webhook's signing
 * secret is made here and shown to its person once, in the answer, so they can check signatures.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '../runtime/deps';
import type { ContactKind } from '../config/contact';
import { addMethod } from './methods';
import { sendCode, type CodeNotice } from './sendCode';
import { methodLabel } from './kinds';

export async function addContactMethod(
  deps: Deps,
  userId: string,
  add: { kind: ContactKind; address: string },
): Promise<CodeNotice> {
  const secret = add.kind === 'webhook' ? randomBytes(32).toString('hex') : null;
  const added = await addMethod(deps.db, deps.clock.now(), { userId, ...add, code: null, secret });
  if (!added.ok) return { text: `:x: ${added.problem}`, verifying: null };
  const sent = await sendCode(deps, added.method);
  const lines = [`Added ${methodLabel(add.kind, add.address)}.`, sent.text];
  if (secret)
    lines.push(
      `Its signing secret, shown this once (copy it now): \`${secret}\`. Every POST to it is signed with this secret (HMAC-SHA256 of the body), so your receiver can tell the bot's requests from anyone else's.`,
    );
  return { text: lines.join('\n'), verifying: sent.verifying };
}
