/**
 * The HTTP side of the acknowledge link (`/ack/<token>`): which method does what, the headers every
 * answer carries, and the refusals. What a token means (which page, whose, still valid) is the
 * routes' business; this file never reads the database.
 *
 * GET and HEAD only show the page: mail scanners and link previews open links, and must not
 * acknowledge for the person. Only POST, sent by the page's button, acknowledges.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ackErrorPage, ackLinkInvalidPage } from './views/ackLinkPage';

/** A finished answer: the status and the whole HTML document (from views/ackLinkPage.ts). */
export interface AckLinkView {
  status: number;
  html: string;
}

export interface AckLinkRoutes {
  /** The page behind the token, without changing anything. */
  show(token: string): Promise<AckLinkView>;
  /** Acknowledges the page behind the token (once), and what to show afterwards. */
  acknowledge(token: string): Promise<AckLinkView>;
}

export interface AckLinkHandlerOptions {
  /** Told about an error a route threw; the person gets a plain 500 page, never the error's text. */
  onError?: (err: unknown) => void;
}

/** The tokens the bot makes are URL-safe base64 of this length; anything else never reaches a route. */
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
/** The form posts a button's (empty) fields; anything bigger is not our form. */
export const ACK_LINK_MAX_BODY_BYTES = 4096;

const SECURITY_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // The token is in the URL: no cache, proxy or Referer header may keep or pass it on.
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  // No script, font, image or frame from anywhere; inline CSS only; the form may post only here.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  'x-robots-tag': 'noindex',
};

export function ackLinkHandler(
  routes: AckLinkRoutes,
  options: AckLinkHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    // Node's http server ignores a handler's promise: every failure is answered inside handle().
    void handle(routes, options, req, res);
  };
}

async function handle(
  routes: AckLinkRoutes,
  options: AckLinkHandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? '';
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    send(req, res, { status: 405, html: ackErrorPage('method') }, { allow: 'GET, HEAD, POST' });
    return;
  }
  const token = tokenOf(req.url ?? '');
  if (token === null) {
    send(req, res, { status: 404, html: ackLinkInvalidPage('unknown') });
    return;
  }
  try {
    if (method === 'POST') {
      if (!(await bodyFits(req, ACK_LINK_MAX_BODY_BYTES))) {
        // Connection: close, so the rest of an oversized body is not read as the next request.
        send(req, res, { status: 413, html: ackErrorPage('too-large') }, { connection: 'close' });
        return;
      }
      send(req, res, await routes.acknowledge(token));
    } else {
      send(req, res, await routes.show(token));
    }
  } catch (err) {
    options.onError?.(err);
    if (res.headersSent) res.destroy();
    else send(req, res, { status: 500, html: ackErrorPage('server') });
  }
}

/** The token of `/ack/<token>` (a query string is ignored), or null when the path or token is wrong. */
function tokenOf(url: string): string | null {
  const m = /^\/ack\/([^/]*)$/.exec(url.split('?')[0]);
  return m && TOKEN.test(m[1]) ? m[1] : null;
}

/**
 * Reads and discards the request body; false as soon as it is over `limit` bytes. The rest of an
 * oversized body is drained and dropped, not left unread: closing a socket with unread data resets
 * the connection, and the client could lose the 413 answer to that reset.
 */
function bodyFits(req: IncomingMessage, limit: number): Promise<boolean> {
  if (Number(req.headers['content-length']) > limit) {
    req.resume();
    return Promise.resolve(false);
  }
  return new Promise((resolve, reject) => {
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData).off('end', onEnd).off('error', onError);
        req.resume();
        resolve(false);
      }
    };
    const onEnd = () => resolve(true);
    const onError = (err: Error) => reject(err);
    req.on('data', onData).once('end', onEnd).once('error', onError);
  });
}

function send(req: IncomingMessage, res: ServerResponse, view: AckLinkView, extra: Record<string, string> = {}) {
  const body = Buffer.from(view.html, 'utf8');
  res.writeHead(view.status, { ...SECURITY_HEADERS, ...extra, 'content-length': String(body.length) });
  // HEAD: the headers GET would send, no body.
  res.end(req.method === 'HEAD' ? undefined : body);
}
