import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { markTransactions } from './transactionGuard';

/**
 * The one place that builds the Prisma client (app and tests alike). Prisma 7 runs its queries
 * through the pg driver adapter: no native query engine to download. Its transactions are marked, so
 * the Slack gateway can refuse a call made inside one (transactionGuard.ts).
 */
export function createPrismaClient(url: string): PrismaClient {
  return markTransactions(new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) }));
}
