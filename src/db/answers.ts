import type { Db } from './types';

/**
 * Whether the database answers `SELECT 1` within `timeoutMs`: false on an error or on no answer in
 * time (a database that stopped answering must not hold a probe or a scrape up).
 */
export async function databaseAnswers(db: Db, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([
      db.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
