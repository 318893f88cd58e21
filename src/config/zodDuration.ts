/** A duration written as 30s, 5m, 1h or 1w in the policy file, parsed to milliseconds with a message that says how to write it. */
import { z } from 'zod';
import { parseDuration } from '../time/duration';

export const duration = (what: string) =>
  z.string({ error: `expected ${what} like 30s, 5m, 1h or 1w` }).transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `expected ${what} like 30s, 5m, 1h or 1w, got "${text}"` });
      return z.NEVER;
    }
    return ms;
  });
