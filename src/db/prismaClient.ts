import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { markTransactions } from './transactionGuard';

/**
 * The one place that builds the Prisma client (app and tests alike). Prisma 7 runs its queries
 * through the pg driver adapter: no native query engine to download. Its transactions are marked, so
 * the Slack gateway can refuse a call made inside one (transactionGuard.ts).
 */
export function createPrismaClient(url: string, opts: { poolSize?: number } = {}): PrismaClient {
  const pool = { connectionString: url, ...POOL_LIMITS, max: opts.poolSize ?? DEFAULT_POOL_SIZE };
  return markTransactions(new PrismaClient({ adapter: new PrismaPg(pool) }));
}

/** Connections one process may hold (DATABASE_POOL_SIZE): pg's own default, which the warm-up opens. */
export const DEFAULT_POOL_SIZE = 10;

/**
 * A database that stops answering (restarting, or a network that drops packets) must not hang
 * requests, /healthz or the outbox: every wait on it is bounded, and the pool notices dead peers.
 */
export const POOL_LIMITS = {
  /** Waiting for a connection. */
  connectionTimeoutMillis: 5_000,
  /** One statement, enforced by the server. */
  statement_timeout: 15_000,
  /** One query, enforced here (a server that vanished cannot enforce anything). */
  query_timeout: 20_000,
  /** A transaction left open by a stuck process is ended by the server. */
  idle_in_transaction_session_timeout: 60_000,
  keepAlive: true,
} as const;
