/**
 * Verification codes for a contact method: 6 digits sent to the address, kept only as a sha256 hash
 * with an expiry, so a database dump never holds a code that works. A method is paged only once its
 * person has typed the code back, which proves the number or mailbox is theirs (nobody can send pages
 * to somebody else's phone). Pure: the caller passes `now` and the random source.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

export const CODE_DIGITS = 6;
/** Long enough to find the phone, short enough that a leaked code soon stops working. */
export const CODE_TTL_MS = 10 * 60_000;
/** Wrong tries before the code is thrown away: a million codes are not guessed in five. */
export const MAX_CODE_ATTEMPTS = 5;

/** What a method stores of its code. */
export interface CodeState {
  codeHash: string | null;
  codeExpiresAt: Date | null;
  codeAttempts: number;
}

/** A new code, "000000"–"999999" (leading zeros kept). `draw` is crypto.randomInt unless a test passes its own. */
export function makeCode(draw: (max: number) => number = randomInt): string {
  return String(draw(10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/** What to store when `code` is sent at `now`: its hash, its expiry, and a fresh count of tries. */
export function codeStateFor(code: string, now: Date): CodeState {
  return { codeHash: hashCode(code), codeExpiresAt: new Date(now.getTime() + CODE_TTL_MS), codeAttempts: 0 };
}

/** A cleared code: nothing to check against until a new one is sent. */
export const NO_CODE: CodeState = { codeHash: null, codeExpiresAt: null, codeAttempts: 0 };

/**
 * The code as typed, reduced to its digits ("123 456", "123-456" are fine), or how to write it. Pure
 * and instant, so a typo is answered in the form itself.
 */
export function parseCode(text: string): { code: string } | { problem: string } {
  const digits = text.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(digits)
    ? { code: digits }
    : { problem: `Write the ${CODE_DIGITS} digits of the code we sent, e.g. 123456.` };
}

export type CodeCheck =
  /** Right: the method is verified; the code is cleared. */
  | { outcome: 'verified'; state: CodeState }
  /** Wrong, with tries left; `state` counts the try. */
  | { outcome: 'wrong'; triesLeft: number; state: CodeState }
  /** Wrong for the last time: the code is cleared, a new one must be sent. */
  | { outcome: 'locked'; state: CodeState }
  /** The code is past its expiry (cleared). */
  | { outcome: 'expired'; state: CodeState }
  /** No code is waiting (never sent, or cleared): nothing changes. */
  | { outcome: 'no-code' };

/** Checks `typed` (digits only, see parseCode) against what the method stores, at `now`. */
export function checkCode(stored: CodeState, typed: string, now: Date): CodeCheck {
  if (stored.codeHash === null || stored.codeExpiresAt === null) return { outcome: 'no-code' };
  if (now.getTime() >= stored.codeExpiresAt.getTime()) return { outcome: 'expired', state: NO_CODE };
  if (sameHash(stored.codeHash, hashCode(typed))) return { outcome: 'verified', state: NO_CODE };
  const attempts = stored.codeAttempts + 1;
  if (attempts >= MAX_CODE_ATTEMPTS) return { outcome: 'locked', state: { ...NO_CODE, codeAttempts: attempts } };
  return {
    outcome: 'wrong',
    triesLeft: MAX_CODE_ATTEMPTS - attempts,
    state: { ...stored, codeAttempts: attempts },
  };
}

/** Constant time, so how long a wrong code takes to refuse says nothing about how close it was. */
function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
