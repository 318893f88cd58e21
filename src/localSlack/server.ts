/**
 * The local Slack's HTTP server (127.0.0.1 only): the page, its files, and the JSON API of api.ts.
 * Every route answers JSON; a refusal is a 4xx with a sentence, a bug a 500 with a log line, and
 * nothing a request does can take the process down.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ClockState } from './api';
import { connectedBot, personOf, type LocalSlackContext } from './context';
import { badRequest, HttpError, readJson, sendJson, type JsonObject } from './http';
import { click, closeView, shortcut, submit } from './interactions';
import { changeAfter } from './longPoll';
import { homeOpened, react } from './personEvents';
import { sendSampleAlert } from './sampleAlert';
import { send } from './send';
import { buildSnapshot, clockState } from './state';
import { serveFile } from './staticFiles';

/** The most the clock moves in one step: a week covers every timer the policy can set in a demo. */
export const MAX_ADVANCE_MS = 7 * 24 * 60 * 60_000;

type PostRoute = (ctx: LocalSlackContext, body: JsonObject) => unknown;

function advanceClock(ctx: LocalSlackContext, body: JsonObject): ClockState {
  const ms = body.advanceMs;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0 || ms > MAX_ADVANCE_MS)
    throw badRequest('"advanceMs" must be a number of milliseconds above 0 and at most a week (604800000).');
  ctx.clock.advance(ms);
  ctx.standin.noteChange();
  ctx.bot?.kick();
  return clockState(ctx);
}

async function sampleAlert(ctx: LocalSlackContext, body: JsonObject): Promise<{ ok: true }> {
  personOf(ctx, typeof body.as === 'string' ? body.as : '');
  await sendSampleAlert(ctx.config, connectedBot(ctx).botUrl, ctx.clock.now());
  return { ok: true };
}

const POSTS = new Map<string, PostRoute>([
  ['/api/send', send],
  ['/api/click', click],
  ['/api/submit', submit],
  ['/api/close-view', closeView],
  ['/api/shortcut', shortcut],
  ['/api/react', react],
  ['/api/home-opened', homeOpened],
  ['/api/clock', advanceClock],
  ['/api/sample-alert', sampleAlert],
]);

async function state(ctx: LocalSlackContext, url: URL, res: ServerResponse): Promise<void> {
  // A page opened for the first time names nobody yet: it acts as the first person (the reporter).
  const as = url.searchParams.get('as') || ctx.seeded.people[0].id;
  personOf(ctx, as);
  const sinceText = url.searchParams.get('since');
  if (sinceText !== null) {
    const since = Number(sinceText);
    if (!Number.isSafeInteger(since) || since < 0)
      throw badRequest('"since" must be a version number from a snapshot.');
    await changeAfter(ctx.standin, since, res);
    if (res.destroyed) return;
  }
  // Read after the wait: a cover made from Slack changes who the page says is on call.
  const schedules = ctx.bot ? await ctx.bot.schedules(ctx.clock.now()) : ctx.config.schedules;
  sendJson(res, 200, buildSnapshot(ctx, as, url.searchParams.get('view'), schedules));
}

function fileContent(ctx: LocalSlackContext, id: string, res: ServerResponse): void {
  const file = ctx.standin.file(id);
  if (!file || !file.completed) throw new HttpError(404, `There is no file ${id}.`);
  sendJson(res, 200, {
    id: file.id,
    title: file.title,
    name: file.name,
    content: file.content?.toString('utf8') ?? '',
  });
}

/**
 * A request for another host name is refused: a web page elsewhere could otherwise point a name of
 * its own at 127.0.0.1 (DNS rebinding) and read this server as if it were that page's.
 */
function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  return [`127.0.0.1:${port}`, `localhost:${port}`].includes(host);
}

async function route(ctx: LocalSlackContext, port: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!hostAllowed(req, port)) throw new HttpError(421, 'Open the local Slack at its own address (127.0.0.1).');
  // Before URL parsing, which would quietly resolve them: a path that climbs is refused outright.
  if (
    (req.url ?? '')
      .split('?')[0]
      .split('/')
      .some((segment) => /^(\.|%2e){2}$/i.test(segment))
  )
    throw badRequest('Paths with ".." are refused.');
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  if (req.method === 'GET' && (path === '/' || path === '/index.html')) return serveFile(res, 'index.html');
  if (req.method === 'GET' && path.startsWith('/assets/')) return serveFile(res, path.slice('/assets/'.length));
  if (req.method === 'GET' && path === '/api/state') return state(ctx, url, res);
  const file = /^\/api\/files\/([A-Za-z0-9]+)$/.exec(path);
  if (req.method === 'GET' && file) return fileContent(ctx, file[1], res);
  const post = POSTS.get(path);
  if (post && req.method === 'POST') {
    // Everything but the clock goes to the bot: until it listens, the page is told to wait.
    if (path !== '/api/clock') connectedBot(ctx);
    return sendJson(res, 200, await post(ctx, await readJson(req)));
  }
  if (post) throw new HttpError(405, `${path} takes POST.`);
  throw new HttpError(404, `There is nothing at ${path}.`);
}

export interface LocalSlackServer {
  server: Server;
  port: number;
}

export async function startServer(ctx: LocalSlackContext, port: number): Promise<LocalSlackServer> {
  let listening = 0;
  const server = createServer((req, res) => {
    route(ctx, listening, req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return sendJson(res, error.status, { ok: false, error: error.message });
      ctx.log.error(
        {
          err: error instanceof Error ? error.message : String(error),
          method: req.method,
          path: req.url?.split('?')[0],
        },
        'local Slack request failed',
      );
      const reason = error instanceof Error ? error.message : String(error);
      sendJson(res, 500, { ok: false, error: `Something went wrong in the local Slack: ${reason}` });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  listening = typeof address === 'object' && address ? address.port : port;
  return { server, port: listening };
}
