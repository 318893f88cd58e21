/**
 * The page's own files, from src/localSlack/page/ (the same folder from src/ under tsx and from dist/
 * after a build, since the build does not copy it). Only plain file names of known kinds are served:
 * nothing outside that folder, nothing hidden.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { COMMON_HEADERS, HttpError } from './http';

export const PAGE_DIR = path.resolve(__dirname, '../../src/localSlack/page');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A name, not a path: no separators, no leading dot (so neither `..` nor `.env`). */
const PLAIN_NAME = /^[\w-][\w.-]*$/;

export async function serveFile(res: ServerResponse, name: string, dir: string = PAGE_DIR): Promise<void> {
  const type = CONTENT_TYPES[path.extname(name).toLowerCase()];
  if (!PLAIN_NAME.test(name) || !type) throw new HttpError(404, `There is no file ${name} here.`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dir, name));
  } catch {
    throw new HttpError(404, `There is no file ${name} here.`);
  }
  res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': String(bytes.length) });
  res.end(bytes);
}
