import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applySecretFiles } from '../../../src/config/secretFiles';
import { EnvError } from '../../../src/config/env';

const dir = mkdtempSync(path.join(tmpdir(), 'secret-files-'));
const file = (name: string, contents: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, contents);
  return p;
};
const problemsOf = (env: NodeJS.ProcessEnv, extra: string[] = []): string[] => {
  try {
    applySecretFiles(env, extra);
  } catch (e) {
    if (e instanceof EnvError) return e.problems;
    throw e;
  }
  return [];
};

describe('secrets from files (<NAME>_FILE)', () => {
  it('sets each secret from its file, the trailing newline dropped', () => {
    const env: NodeJS.ProcessEnv = {
      SLACK_BOT_TOKEN_FILE: file('bot', 'xoxb-from-a-file\n'),
      SLACK_SIGNING_SECRET_FILE: file('signing', 'signing secret with a space\r\n'),
      DATABASE_URL_FILE: file('db', 'postgresql://u:p@db/x'),
      PAGERDUTY_ROUTING_KEY_PAYMENTS_FILE: file('pd', `${'a'.repeat(32)}\n`),
    };
    applySecretFiles(env);
    expect(env.SLACK_BOT_TOKEN).toBe('xoxb-from-a-file');
    expect(env.SLACK_SIGNING_SECRET).toBe('signing secret with a space');
    expect(env.DATABASE_URL).toBe('postgresql://u:p@db/x');
    expect(env.PAGERDUTY_ROUTING_KEY_PAYMENTS).toBe('a'.repeat(32));
  });

  it('covers every secret setting, and the extra names given (the alert tokens)', () => {
    const names = [
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'SLACK_APP_TOKEN',
      'DATABASE_URL',
      'TWILIO_AUTH_TOKEN',
      'SMTP_URL',
      'ACK_LINK_SECRET',
      'ALERTS_PROMETHEUS_TOKEN',
    ];
    const env: NodeJS.ProcessEnv = Object.fromEntries(names.map((n) => [`${n}_FILE`, file(n, `value of ${n}\n`)]));
    applySecretFiles(env, ['ALERTS_PROMETHEUS_TOKEN']);
    for (const n of names) expect(env[n]).toBe(`value of ${n}`);
  });

  it('may be applied again (for the alert tokens, once the policy names them)', () => {
    const env: NodeJS.ProcessEnv = {
      SLACK_SIGNING_SECRET_FILE: file('again', 'first\n'),
      ALERTS_GRAFANA_TOKEN_FILE: file('grafana', 'grafana-token\n'),
    };
    applySecretFiles(env);
    expect(env.ALERTS_GRAFANA_TOKEN).toBeUndefined();
    applySecretFiles(env, ['ALERTS_GRAFANA_TOKEN']);
    expect(env).toEqual({ SLACK_SIGNING_SECRET: 'first', ALERTS_GRAFANA_TOKEN: 'grafana-token' });
  });

  it('leaves alone a _FILE that names no secret', () => {
    const env: NodeJS.ProcessEnv = { LOG_FILE: '/nowhere/at/all', PAGERDUTY_ROUTING_KEY__FILE: '/nowhere' };
    applySecretFiles(env);
    expect(env).toEqual({ LOG_FILE: '/nowhere/at/all', PAGERDUTY_ROUTING_KEY__FILE: '/nowhere' });
  });

  it('refuses a secret set both ways, naming both', () => {
    expect(problemsOf({ SLACK_SIGNING_SECRET: 'abc', SLACK_SIGNING_SECRET_FILE: file('s', 'def') })).toEqual([
      'SLACK_SIGNING_SECRET and SLACK_SIGNING_SECRET_FILE are both set: keep one (SLACK_SIGNING_SECRET_FILE reads the value from a file)',
    ]);
  });

  it('takes an empty NAME= line (an env file keeps one) as unset', () => {
    const env: NodeJS.ProcessEnv = { SLACK_APP_TOKEN: '', SLACK_APP_TOKEN_FILE: file('app', 'xapp-1\n') };
    applySecretFiles(env);
    expect(env.SLACK_APP_TOKEN).toBe('xapp-1');
  });

  it('names the variable and the path of a file it cannot use, never the contents, all at once', () => {
    const missing = path.join(dir, 'missing');
    const empty = file('empty', '\n');
    const aDir = path.join(dir, 'a-directory');
    mkdirSync(aDir, { recursive: true });
    const problems = problemsOf({
      SLACK_BOT_TOKEN_FILE: missing,
      TWILIO_AUTH_TOKEN_FILE: empty,
      SMTP_URL_FILE: aDir,
    });
    expect(problems).toEqual([
      `SLACK_BOT_TOKEN_FILE names ${missing}, which does not exist`,
      `SMTP_URL_FILE names ${aDir}, which is a directory`,
      `TWILIO_AUTH_TOKEN_FILE names ${empty}, which is empty`,
    ]);
  });

  it('says when the file may not be read, without its contents', () => {
    const env: NodeJS.ProcessEnv = { ACK_LINK_SECRET_FILE: '/run/secrets/ack' };
    const denied = Object.assign(new Error('EACCES: top-secret-contents'), { code: 'EACCES' });
    expect(() =>
      applySecretFiles(env, [], () => {
        throw denied;
      }),
    ).toThrow(EnvError);
    try {
      applySecretFiles(env, [], () => {
        throw denied;
      });
    } catch (e) {
      expect((e as EnvError).problems).toEqual([
        'ACK_LINK_SECRET_FILE names /run/secrets/ack, which the bot may not read',
      ]);
    }
  });
});
