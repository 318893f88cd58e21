/**
 * The HTTP endpoints beside Slack's: served by Bolt's receiver in HTTP mode, and by a small server of
 * their own on PORT in Socket Mode.
 * - GET /livez: the process and its event loop: answered whenever the event loop turns, whatever the
 *   database or Slack say. The liveness probe: restarting the bot cannot bring a database back.
 * - GET /healthz: the process is up and the database answers (within 2 s).
 * - GET /readyz: ready for traffic: the database answers, Slack accepts the bot's token and scopes,
 *   and (when the outbox runner runs) it ticked within the last 10 s.
 *   Never with the local Slack in the browser: `"slack": "local"`, 503.
 * - GET /metrics: Prometheus text format.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../runtime/deps';
import type { JobRunner } from '../outbox/runner';
import { databaseAnswers } from '../db/answers';

const DB_CHECK_TIMEOUT_MS = 2_000;
const TICK_STALE_MS = 10_000;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export type Endpoint = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * `slackIsLocal`: the bot talks to the local Slack in the browser (no Slack settings were given). It
 * works, but is never ready for traffic: a production deployment that lost its token must fail its
 * health check loudly, not serve a simulator.
 */
export function endpoints(deps: Deps, runner: JobRunner, slackIsLocal = false): Record<string, Endpoint> {
  return {
    '/livez': (_req, res) => json(res, 200, { ok: true }),
    '/healthz': (_req, res) => {
      void databaseAnswers(deps.db, DB_CHECK_TIMEOUT_MS).then((ok) =>
        json(res, ok ? 200 : 503, { ok, database: ok ? 'up' : 'down' }),
      );
    },
    '/readyz': (_req, res) => {
      void databaseAnswers(deps.db, DB_CHECK_TIMEOUT_MS).then((database) => {
        const sinceTick = runner.msSinceLastPass();
        const engine = sinceTick === null || sinceTick <= TICK_STALE_MS;
        const slack = deps.slackHealth.ok && !slackIsLocal;
        const ok = database && slack && engine;
        json(res, ok ? 200 : 503, {
          ok,
          database: database ? 'up' : 'down',
          slack: slackIsLocal ? 'local' : slack ? 'ok' : deps.slackHealth.problem,
          // Which ways of reaching people this process has (a method without one is reported when it pages).
          providers: {
            sms: deps.providers.sms?.name ?? 'not set up',
            voice: deps.providers.voice?.name ?? 'not set up',
            email: deps.providers.email?.name ?? 'not set up',
            webhook: deps.providers.webhook ? 'built in' : 'not set up',
            publicUrl: deps.publicUrl() ? 'set' : 'not set: no status callbacks, key presses or acknowledge links',
          },
          engine:
            sinceTick === null
              ? 'not started here'
              : engine
                ? 'ticking'
                : `no pass for ${Math.round(sinceTick / 1000)} s`,
        });
      });
    },
    '/metrics': (_req, res) => {
      deps.metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
          res.end(text);
        },
        (error: unknown) => json(res, 500, { error: String(error) }),
      );
    },
  };
}
