/**
 * files.getUploadURLExternal and files.completeUploadExternal: Slack's current way to upload
 * (files.upload is retired). The bytes travel in between, as a POST to the upload URL; see
 * ../uploadUrl.ts.
 */
import { fileJson } from '../shapes';
import type { StandinFile, StandinMessage } from '../workspace';
import { type MethodHandler, fail, str } from './types';

/** Slack's answer when a schema-required argument is missing or malformed. */
function invalidArguments(detail: string) {
  return fail('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${detail}`] } });
}

const getUploadURLExternal: MethodHandler = (args, ws, env) => {
  const filename = str(args, 'filename');
  const lengthText = str(args, 'length');
  if (!filename) return invalidArguments('missing required field: filename');
  if (lengthText === undefined || lengthText === '') return invalidArguments('missing required field: length');
  const length = Number(lengthText);
  if (!Number.isInteger(length) || length < 0) return invalidArguments('invalid type for field: length');
  // Slack's docs: missing_argument "typically only occurs when the length provided is 0".
  if (length === 0) return fail('missing_argument');
  // Slack names it alt_txt; @slack/web-api's uploadV2 sends alt_text. Take either.
  const altTxt = str(args, 'alt_txt') ?? str(args, 'alt_text');
  if (altTxt && altTxt.length > 1000) return fail('alt_txt_too_large');
  const file: StandinFile = {
    id: ws.newId('F'),
    name: filename,
    title: filename,
    length,
    ...(altTxt ? { altTxt } : {}),
    ...(str(args, 'snippet_type') ? { snippetType: str(args, 'snippet_type') } : {}),
    user: ws.identity.botUserId,
    created: ws.nowSeconds(),
    completed: false,
    shares: [],
  };
  ws.files.set(file.id, file);
  return { ok: true, upload_url: env.uploadUrlFor(file.id), file_id: file.id };
};

/** `files` is a JSON array of { id, title? } (already decoded from a form field by ../requestBody.ts). */
function fileRefs(v: unknown): { id: string; title?: string }[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const refs = v.map((item: unknown) => {
    const o = (item ?? {}) as { id?: unknown; title?: unknown };
    return typeof o.id === 'string' && o.id
      ? { id: o.id, ...(typeof o.title === 'string' ? { title: o.title } : {}) }
      : undefined;
  });
  return refs.every((r) => r !== undefined) ? refs : undefined;
}

/**
 * Finishes the upload and, given channel_id, shares the files in one message from the bot, as
 * Slack does. Slack allows this once per file: a second call no longer finds the upload ticket.
 * Checks run before anything changes, so a failed call leaves every file as it was.
 */
const completeUploadExternal: MethodHandler = (args, ws) => {
  const refs = fileRefs(args.files);
  if (!refs) return invalidArguments('missing required field: files');
  const files: StandinFile[] = [];
  for (const ref of refs) {
    const file = ws.files.get(ref.id);
    if (!file || file.completed) return fail('file_not_found');
    files.push(file);
  }
  // Slack would wait for bytes that never come; the stand-in says so at once instead.
  if (files.some((f) => f.content === undefined)) return fail('file_upload_not_completed');

  const channelId = str(args, 'channel_id');
  const channel = channelId ? ws.channels.get(channelId) : undefined;
  if (channelId && (!channel || !ws.botCanSee(channel))) return fail('channel_not_found');
  // Unlike chat.postMessage there is no chat:write.public here: Slack documents not_in_channel.
  if (channel && !channel.members.has(ws.identity.botUserId)) return fail('not_in_channel');

  files.forEach((file, i) => {
    file.completed = true;
    file.title = refs[i].title ?? file.name;
  });
  if (channel) {
    const initialComment = str(args, 'initial_comment');
    const threadTs = str(args, 'thread_ts');
    const blocks = Array.isArray(args.blocks) && !initialComment ? args.blocks : undefined;
    const message: StandinMessage = {
      type: 'message',
      channel: channel.id,
      ts: ws.nextTs(),
      text: initialComment ?? '',
      user: ws.identity.botUserId,
      bot_id: ws.identity.botId,
      team: ws.identity.teamId,
      files: files.map((f) => fileJson(ws, f, { isPublic: !channel.isPrivate })),
      upload: true,
      display_as_bot: false,
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    };
    ws.messages.get(channel.id)!.push(message);
    for (const f of files) f.shares.push({ channel: channel.id, ts: message.ts });
  }
  return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
};

export const fileMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': getUploadURLExternal,
  'files.completeUploadExternal': completeUploadExternal,
};
