import type { PrismaClient, Prisma } from '../generated/prisma/client';

export type Db = PrismaClient;
/** Either the client or an interactive transaction: repositories accept both. */
export type Tx = Prisma.TransactionClient | PrismaClient;
export type Json = Prisma.InputJsonValue;
