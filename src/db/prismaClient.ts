import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

/**
 * The one place that builds the Prisma client (app and tests alike). Prisma 7 runs its queries
 * through the pg driver adapter: no native query engine to download.
 */
export function createPrismaClient(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}
