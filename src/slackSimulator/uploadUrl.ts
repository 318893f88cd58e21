/**
 * The upload URL of Slack's two-step upload, where a file's bytes land between
 * files.getUploadURLExternal and files.completeUploadExternal.
 */
import type { Workspace } from './workspace';

/** Faults, holds, delays and recorded calls for POSTs to upload URLs go under this name. */
export const UPLOAD_URL = 'upload_url';

/**
 * The file's bytes from an upload POST. Slack's docs allow "raw bytes or multipart form encoded",
 * and multipart field names differ in the wild: the docs' curl example uses `filename`, others
 * `file`, and @slack/web-api sends its Buffer as a part named `body`. So: the `file` part if there
 * is one, else the first part that is a file, else the first part.
 */
export async function uploadedBytes(contentType: string | undefined, raw: Buffer): Promise<Buffer> {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'multipart/form-data') return raw;
  // Node's fetch Request parses multipart (boundary, binary parts) without another dependency.
  const form = await new Request('http://upload.invalid/', {
    method: 'POST',
    headers: { 'content-type': contentType! },
    body: new Blob([raw]),
  }).formData();
  const parts = [...form.values()];
  const part = form.get('file') ?? parts.find((p) => typeof p !== 'string') ?? parts[0];
  if (part === undefined || part === null) return Buffer.alloc(0);
  return typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(await part.arrayBuffer());
}

/**
 * Stores the bytes for `fileId` and says what Slack's upload service answers: 200 "OK - <bytes>".
 * Bytes may be sent again until files.completeUploadExternal; after that, or for an id never
 * handed out, the ticket is gone (404).
 */
export function acceptUpload(ws: Workspace, fileId: string, bytes: Buffer): { status: number; text: string } {
  const file = ws.files.get(fileId);
  if (!file || file.completed) return { status: 404, text: 'Not Found' };
  file.content = bytes;
  return { status: 200, text: `OK - ${bytes.length}` };
}
