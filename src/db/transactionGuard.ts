/**
 * "No network call while a transaction is open", as a property the code enforces rather than a comment.
 * Every interactive transaction of the Prisma client runs inside an async context that says so, until
 * it ends; the Slack gateway asks `inTransaction()` and refuses the call. Work started inside a
 * transaction that outlives it (a stray promise) is not flagged once the transaction has ended.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PrismaClient } from '../generated/prisma/client';

const context = new AsyncLocalStorage<{ open: boolean }>();

export function inTransaction(): boolean {
  return context.getStore()?.open === true;
}

/** Wrap `client.$transaction(fn)` so that `fn` runs marked as inside a transaction. */
export function markTransactions(client: PrismaClient): PrismaClient {
  const original = client.$transaction.bind(client) as (arg: unknown, options?: unknown) => Promise<unknown>;
  const marked = (arg: unknown, options?: unknown) => {
    if (typeof arg !== 'function') return original(arg, options);
    return original((tx: unknown) => {
      const state = { open: true };
      return context.run(state, async () => {
        try {
          return await (arg as (tx: unknown) => Promise<unknown>)(tx);
        } finally {
          state.open = false;
        }
      });
    }, options);
  };
  (client as unknown as { $transaction: typeof marked }).$transaction = marked;
  return client;
}
