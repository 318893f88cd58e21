/** The contract every stand-in Web API method follows, plus argument readers shared by them. */
import type { Workspace } from '../workspace';

export type Args = Record<string, unknown>;
export type ApiResult = { ok: boolean; [key: string]: unknown };

export interface MethodEnv {
  nowMs: number;
  /**
   * Slack lets a bot with chat:write.public post in public channels it has not joined; without
   * that scope it gets not_in_channel.
   */
  chatWritePublic: boolean;
  /** Where the stand-in's own HTTP server takes a file's bytes (files.getUploadURLExternal hands it out). */
  uploadUrlFor(fileId: string): string;
  /**
   * A fresh WebSocket URL for apps.connections.open, from the Socket Mode stand-in attached to this
   * Web API stand-in; undefined when none is.
   */
  openSocketConnection?(): string | undefined;
}

export type MethodHandler = (args: Args, ws: Workspace, env: MethodEnv) => ApiResult;

export function fail(error: string, extra: Record<string, unknown> = {}): ApiResult {
  return { ok: false, error, ...extra };
}

/** Form fields arrive as strings, JSON bodies may carry numbers: read both as a string. */
export function str(args: Args, key: string): string | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** Slack reads "true"/"1" (form) and true (JSON) as true. */
export function bool(args: Args, key: string): boolean {
  const v = args[key];
  return v === true || v === 'true' || v === '1' || v === 1;
}

export function int(args: Args, key: string, fallback: number): number {
  const n = Number.parseInt(str(args, key) ?? '', 10);
  return Number.isNaN(n) ? fallback : n;
}

/** `users` may be "U1,U2" (form) or an array (JSON); blanks dropped. */
export function idList(args: Args, key: string): string[] {
  const v = args[key];
  const raw = Array.isArray(v) ? v.map(String) : (str(args, key) ?? '').split(',');
  return raw.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Cursor pagination as Slack does it: an opaque `next_cursor`, '' on the last page. */
export function paginate<T>(items: T[], args: Args, defaultLimit: number): { page: T[]; nextCursor: string } {
  const limit = Math.max(1, int(args, 'limit', defaultLimit) || defaultLimit);
  const cursor = str(args, 'cursor');
  const start = cursor
    ? Number.parseInt(
        Buffer.from(cursor, 'base64')
          .toString('utf8')
          .replace(/^offset:/, ''),
        10,
      ) || 0
    : 0;
  const page = items.slice(start, start + limit);
  const more = start + limit < items.length;
  return { page, nextCursor: more ? Buffer.from(`offset:${start + limit}`).toString('base64') : '' };
}
