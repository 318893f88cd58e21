/**
 * The logger scrubs secrets out of every string it is given — field paths cannot reach a token inside
 * a message such as the Socket Mode client's raw envelope at debug.
 */
import { Writable } from 'node:stream';
import { createLogger, registerSecrets, scrub } from '../../../src/common/logger';

function capture(): { log: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[] } {
  const out: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger('debug', sink), lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('scrub', () => {
  it('removes Slack tokens of every kind', () => {
    expect(scrub('token xoxb-123-456-abcDEF and xoxp-9-9 and xapp-1-A0-123-abc')).toBe(
      'token xox?-[redacted] and xox?-[redacted] and xapp-[redacted]',
    );
  });

  it('removes response_url values in JSON, escaped JSON and form encoding', () => {
    expect(scrub('{"response_url":"https://hooks.slack.com/commands/T1/2/abc","x":1}')).toBe(
      '{"response_url":"[redacted]","x":1}',
    );
    expect(scrub('"{\\"response_url\\":\\"http://127.0.0.1:9/response/r1\\"}"')).toBe(
      '"{\\"response_url\\":\\"[redacted]\\"}"',
    );
    expect(scrub('text=hi&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2Fx&user_id=U1')).toBe(
      'text=hi&response_url=[redacted]&user_id=U1',
    );
    expect(scrub('posting to https://hooks.slack.com/actions/T1/2/xyz now')).toBe(
      'posting to https://hooks.slack.com/[redacted] now',
    );
  });

  it('removes database passwords', () => {
    expect(scrub('postgresql://bot:s3cr%40t@db:5432/incidents')).toBe('postgresql://bot:[redacted]@db:5432/incidents');
  });

  it('removes registered secrets wherever they appear, and leaves other text alone', () => {
    registerSecrets(['signing-0123456789', 'short', undefined]);
    expect(scrub('sig=signing-0123456789;')).toBe('sig=[redacted];');
    expect(scrub('a short note')).toBe('a short note');
  });
});

describe('createLogger', () => {
  it('scrubs messages and nested fields, and redacts response_url fields', () => {
    const { log, lines } = capture();
    const envelope = JSON.stringify({
      envelope_id: 'e1',
      payload: { token: 'xoxb-1-2-3', response_url: 'https://hooks.slack.com/commands/T/1/s', text: 'hello' },
    });
    log.debug(`Received a message on the WebSocket: ${envelope}`);
    log.info(
      {
        request: { url: 'postgres://u:pw123@h/db', nested: ['xapp-1-2-3'] },
        response_url: 'https://hooks.slack.com/x',
      },
      'done',
    );
    const [first, second] = lines();
    expect(first.msg).toBe(
      'Received a message on the WebSocket: {"envelope_id":"e1","payload":{"token":"xox?-[redacted]","response_url":"[redacted]","text":"hello"}}',
    );
    expect(second).toMatchObject({
      msg: 'done',
      response_url: '[redacted]',
      request: { url: 'postgres://u:[redacted]@h/db', nested: ['xapp-[redacted]'] },
    });
  });

  it('logs errors with their message and stack, scrubbed', () => {
    const { log, lines } = capture();
    log.error({ err: new Error('auth failed for xoxb-9-9-9') }, 'boom');
    const err = lines()[0].err as { message: string; stack: string };
    expect(err.message).toBe('auth failed for xox?-[redacted]');
    expect(err.stack).toContain('auth failed for xox?-[redacted]');
  });
});
