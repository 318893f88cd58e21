import type { PrismaClient } from '../src/generated/prisma/client';

/**
 * Waits (bounded) until no job is due: the previous phase's Slack work has been sent, so the next
 * phase measures its own load only.
 */
export async function waitForQuietQueue(db: PrismaClient, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const due = await db.job.count({ where: { state: 'pending', dueAt: { lte: new Date() } } });
    if (due === 0) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
