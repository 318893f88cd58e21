/**
 * "Test": a message through the method's provider, so the person sees (or hears) how a page will
 * reach them before one does. Only a verified method is tested: an unverified address may not be
 * theirs, and the bot must not text strangers on anybody's say-so.
 */
import type { Deps } from '../runtime/deps';
import type { ContactKind } from '../config/contact';
import { TEST_TEXT, testEmail, webhookBody } from './texts';
import { deliver } from './deliver';
import { findMethod } from './methods';
import { methodLabel } from './kinds';

export async function testMethod(deps: Deps, userId: string, id: number): Promise<string> {
  const method = await findMethod(deps.db, userId, id);
  if (!method) return 'That method is no longer there.';
  const kind = method.kind as ContactKind;
  if (!method.verifiedAt || method.disabledAt)
    return `Verify ${methodLabel(kind, method.address)} first: only a verified method can be tested.`;
  const sent = await deliver(
    deps,
    { userId, kind, address: method.address, secret: method.secret },
    { sms: TEST_TEXT, say: TEST_TEXT, email: testEmail(method.address), webhook: webhookBody('test') },
    'test',
  );
  return sent.ok
    ? `:white_check_mark: Sent a test to ${methodLabel(kind, method.address)}.`
    : `:x: The test to ${methodLabel(kind, method.address)} did not go out. ${sent.problem}`;
}
