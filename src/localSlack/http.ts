/**
 * The small HTTP pieces every route of the local Slack's server shares: JSON in (≤ 1 MB, only as
 * application/json), JSON out, and errors that carry their status and a sentence for the person.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, TooLarge } from '../common/httpBody';

/** A request the server refuses: `message` is shown to the person as is. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);

export const MAX_JSON_BYTES = 1024 * 1024;

/**
 * Every response carries these: nothing is cached (the page follows the bot), the page may load
 * nothing from anywhere else, and no other site may frame it (a framed page could be clicked through:
 * Acknowledge, close).
 */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export type JsonObject = Record<string, unknown>;

/**
 * The request's JSON object. Only `application/json` is read: a page on another site can send a
 * form or text/plain to 127.0.0.1 without asking, but not JSON (the browser asks first, and this
 * server never says yes), so nothing elsewhere can act as a person here.
 */
export async function readJson(req: IncomingMessage): Promise<JsonObject> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json')
    throw new HttpError(415, 'Send the request as JSON (Content-Type: application/json).');
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_JSON_BYTES);
  } catch (error) {
    if (error instanceof TooLarge) throw new HttpError(413, 'The request is over 1 MB.');
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('The request is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Send a JSON object.');
  return body as JsonObject;
}

export function requireString(body: JsonObject, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw badRequest(`"${key}" is missing: expected a non-empty string.`);
  return v;
}

export function optionalString(body: JsonObject, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`"${key}" must be a string.`);
  return v;
}

export function requireObject(body: JsonObject, key: string): JsonObject {
  const v = body[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw badRequest(`"${key}" is missing: expected an object.`);
  return v as JsonObject;
}
