/**
 * What Slack does with a post to a response_url, for response URLs made with a context (who acted,
 * in which conversation, on which message): `response_type: 'in_channel'` posts a bot message there;
 * otherwise (Slack's default, ephemeral) only the person sees it; `replace_original` replaces the
 * message the action came from, an ephemeral one included; `delete_original` deletes it.
 */
import type { StandinEphemeral, StandinMessage, Workspace } from './workspace';

export interface ResponseContext {
  /** Who acted: an ephemeral answer is shown to them. */
  user: string;
  /** The conversation the command was typed in, or the button's message is in. */
  channel: string;
  /** The message (or ephemeral's message_ts) a button was in: what replace/delete_original act on. */
  messageTs?: string;
}

interface ResponseBody {
  text?: unknown;
  blocks?: unknown;
  attachments?: unknown;
  response_type?: unknown;
  replace_original?: unknown;
  delete_original?: unknown;
  thread_ts?: unknown;
}

type Original = { kind: 'message'; message: StandinMessage } | { kind: 'ephemeral'; ephemeral: StandinEphemeral };

function originalOf(ws: Workspace, ctx: ResponseContext): Original | undefined {
  if (!ctx.messageTs) return undefined;
  const message = ws.findMessage(ctx.channel, ctx.messageTs);
  if (message) return { kind: 'message', message };
  const ephemeral = ws.ephemerals.find(
    (e) => e.channel === ctx.channel && e.user === ctx.user && e.message_ts === ctx.messageTs,
  );
  return ephemeral ? { kind: 'ephemeral', ephemeral } : undefined;
}

const isTrue = (v: unknown) => v === true || v === 'true';

function content(body: ResponseBody): { text: string; blocks?: unknown[]; attachments?: unknown[] } {
  return {
    text: typeof body.text === 'string' ? body.text : '',
    ...(Array.isArray(body.blocks) ? { blocks: body.blocks } : {}),
    ...(Array.isArray(body.attachments) ? { attachments: body.attachments } : {}),
  };
}

function remove(ws: Workspace, original: Original): void {
  if (original.kind === 'ephemeral') {
    ws.ephemerals.splice(ws.ephemerals.indexOf(original.ephemeral), 1);
    return;
  }
  const { channel, ts } = original.message;
  ws.messages.set(
    channel,
    (ws.messages.get(channel) ?? []).filter((m) => m.ts !== ts),
  );
  ws.pins.set(
    channel,
    (ws.pins.get(channel) ?? []).filter((p) => p !== ts),
  );
}

function replace(original: Original, body: ResponseBody): void {
  const target = original.kind === 'message' ? original.message : original.ephemeral;
  const next = content(body);
  target.text = next.text;
  target.blocks = next.blocks;
  target.attachments = next.attachments;
}

/** Applies a post (plain text or JSON) to `ctx`'s conversation, as Slack shows it. */
export function applyResponse(ws: Workspace, ctx: ResponseContext, posted: unknown): void {
  const body: ResponseBody = posted && typeof posted === 'object' ? posted : { text: String(posted ?? '') };
  const original = originalOf(ws, ctx);
  if (isTrue(body.delete_original)) {
    if (original) remove(ws, original);
    return;
  }
  if (isTrue(body.replace_original) && original) return replace(original, body);
  if (!ws.messages.has(ctx.channel)) return;
  const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
  if (body.response_type === 'in_channel') {
    ws.messages.get(ctx.channel)!.push({
      type: 'message',
      channel: ctx.channel,
      ts: ws.nextTs(),
      user: ws.identity.botUserId,
      bot_id: ws.identity.botId,
      app_id: ws.identity.appId,
      team: ws.identity.teamId,
      ...content(body),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return;
  }
  ws.addEphemeral({
    channel: ctx.channel,
    user: ctx.user,
    ...content(body),
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });
}
