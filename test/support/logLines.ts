/** A logger whose JSON lines a test reads: what an operator's log collector would keep. */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/common/logger';

export function capturedLogger(level = 'info'): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger(level, sink), lines };
}
