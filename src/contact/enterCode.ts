/**
 * The person typed a code for one of their methods: check it against the stored hash, in one short
 * transaction that locks the row, so two submissions at once count as two tries. The right code
 * verifies the method (and re-enables one that was disabled); the fifth wrong one clears the code.
 */
import type { Deps } from '../runtime/deps';
import { checkCode, CODE_TTL_MS, MAX_CODE_ATTEMPTS, type CodeCheck } from './verification';
import { methodLabel } from './kinds';

export interface CodeAnswer {
  text: string;
  /** Still waiting for a code for this method (a wrong one with tries left). */
  verifying: number | null;
}

export async function enterCode(deps: Deps, userId: string, id: number, typed: string): Promise<CodeAnswer> {
  const now = deps.clock.now();
  const result = await deps.db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      { id: number }[]
    >`SELECT id FROM contact_method WHERE id = ${id} AND user_id = ${userId} FOR UPDATE`;
    if (!row) return null;
    const method = await tx.contactMethod.findUniqueOrThrow({ where: { id } });
    if (method.verifiedAt && !method.disabledAt) return { method, check: 'already' as const };
    const check = checkCode(method, typed, now);
    if (check.outcome === 'verified')
      await tx.contactMethod.update({
        where: { id },
        data: { ...check.state, verifiedAt: now, disabledAt: null, disabledReason: null },
      });
    else if (check.outcome !== 'no-code') await tx.contactMethod.update({ where: { id }, data: check.state });
    return { method, check };
  });
  if (!result) return { text: 'That method is no longer there.', verifying: null };
  const what = methodLabel(result.method.kind, result.method.address);
  if (result.check === 'already') return { text: `${what} is already verified.`, verifying: null };
  return answer(result.check, what, id);
}

function answer(check: CodeCheck, what: string, id: number): CodeAnswer {
  switch (check.outcome) {
    case 'verified':
      return { text: `:white_check_mark: ${what} is verified: pages can reach you there.`, verifying: null };
    case 'wrong':
      return {
        text: `:x: That is not the code we sent to ${what}. ${check.triesLeft} ${check.triesLeft === 1 ? 'try' : 'tries'} left.`,
        verifying: id,
      };
    case 'locked':
      return {
        text: `:x: That is not the code either, and ${MAX_CODE_ATTEMPTS} wrong tries is the limit: the code no longer works. Press *Send code again* for a new one.`,
        verifying: null,
      };
    case 'expired':
      return {
        text: `:hourglass: That code has expired (a code works for ${CODE_TTL_MS / 60_000} minutes). Press *Send code again* for a new one.`,
        verifying: null,
      };
    case 'no-code':
      return { text: `No code is waiting for ${what}: press *Send code again* for one.`, verifying: null };
  }
}
