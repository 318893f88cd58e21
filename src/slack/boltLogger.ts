/**
 * Bolt, its Socket Mode client and the Web API client log through our pino logger, so their lines are
 * JSON like ours. Their messages are strings (a Socket Mode envelope at debug is the raw JSON, with
 * response_url and tokens in it): the logger scrubs every string it is given (common/logger.ts), which field
 * redaction alone could not do.
 */
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../common/logger';

export function boltLogger(log: Logger, component = 'bolt'): SlackLogger {
  const child = log.child({ component });
  let level = LogLevel.INFO;
  const text = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  return {
    debug: (...args) => child.debug(text(args)),
    info: (...args) => child.info(text(args)),
    warn: (...args) => child.warn(text(args)),
    error: (...args) => child.error(text(args)),
    setLevel: (l) => (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
