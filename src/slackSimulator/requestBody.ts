/**
 * Reads a Web API request the way Slack does: form-encoded or JSON body, token from
 * `Authorization: Bearer` or a `token` field, and the fields Slack documents as "JSON presented as
 * a URL-encoded string" (blocks, attachments, metadata, view, files) decoded into objects.
 */
import type { IncomingMessage } from 'node:http';
import type { Args } from './methods/types';

/** Field → the error Slack gives when its JSON does not parse. */
const JSON_STRING_FIELDS: Record<string, string> = {
  blocks: 'invalid_blocks_format',
  attachments: 'invalid_attachments',
  metadata: 'invalid_metadata_format',
  view: 'invalid_arguments',
  files: 'invalid_arguments',
};

export interface ParsedApiRequest {
  args: Args;
  token: string | undefined;
  /** Set when the body itself is unusable; Slack answers ok:false with this error. */
  error?: string;
}

/** The body as bytes: file uploads may be binary, which a utf8 string would mangle. */
export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readRawBody(req)).toString('utf8');
}

export function parseApiRequest(
  contentType: string | undefined,
  authorization: string | undefined,
  raw: string,
): ParsedApiRequest {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  let args: Args = {};
  if (raw.length > 0) {
    if (type === 'application/json') {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
          return { args: {}, token: undefined, error: 'invalid_json' };
        args = parsed as Args;
      } catch {
        return { args: {}, token: undefined, error: 'invalid_json' };
      }
    } else if (type === 'application/x-www-form-urlencoded' || type === '') {
      args = Object.fromEntries(new URLSearchParams(raw));
    } else {
      return { args: {}, token: undefined, error: 'invalid_post_type' };
    }
  }
  // The token first: a malformed field is that field's error, not not_authed.
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
  const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
  delete args.token;
  for (const [field, errorCode] of Object.entries(JSON_STRING_FIELDS)) {
    const value = args[field];
    if (typeof value !== 'string') continue;
    try {
      args[field] = JSON.parse(value);
    } catch {
      return { args, token, error: errorCode };
    }
  }
  return { args, token };
}
