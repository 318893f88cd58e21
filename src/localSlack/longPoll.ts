/**
 * The page's long poll: wait until the simulator's version moves from `since`, the wait runs out, or the
 * page goes away, whichever comes first.
 */
import type { ServerResponse } from 'node:http';
import type { SlackStandin } from '../slackSimulator/standin';

export const LONG_POLL_MS = 25_000;

export function changeAfter(
  standin: Pick<SlackStandin, 'version' | 'onChange'>,
  since: number,
  /** Its 'close' before we answer means the page went away. */
  res: ServerResponse,
  maxMs: number = LONG_POLL_MS,
): Promise<void> {
  // Past `since` already, or behind it: the page's `since` is from before a restart, which counts anew.
  if (standin.version !== since) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    const unsubscribe = standin.onChange((version) => {
      if (version > since) done();
    });
    res.on('close', done);
  });
}
