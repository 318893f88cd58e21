/** pins.add / pins.remove / pins.list for messages (files are out of scope). */
import { messageJson } from '../shapes';
import { type MethodHandler, fail, str } from './types';

const add: MethodHandler = (args, ws) => {
  const channel = ws.channels.get(str(args, 'channel') ?? '');
  if (!channel || !ws.botCanSee(channel)) return fail('channel_not_found');
  const ts = str(args, 'timestamp');
  if (!ts) return fail('no_item_specified');
  if (!ws.findMessage(channel.id, ts)) return fail('message_not_found');
  const pinned = ws.pins.get(channel.id) ?? [];
  if (pinned.includes(ts)) return fail('already_pinned');
  ws.pins.set(channel.id, [...pinned, ts]);
  return { ok: true };
};

const remove: MethodHandler = (args, ws) => {
  const channel = ws.channels.get(str(args, 'channel') ?? '');
  if (!channel || !ws.botCanSee(channel)) return fail('channel_not_found');
  const ts = str(args, 'timestamp');
  if (!ts) return fail('no_item_specified');
  const pinned = ws.pins.get(channel.id) ?? [];
  if (!pinned.includes(ts)) return fail('no_pin');
  ws.pins.set(
    channel.id,
    pinned.filter((p) => p !== ts),
  );
  return { ok: true };
};

const list: MethodHandler = (args, ws) => {
  const channel = ws.channels.get(str(args, 'channel') ?? '');
  if (!channel || !ws.botCanSee(channel)) return fail('channel_not_found');
  const items = (ws.pins.get(channel.id) ?? []).flatMap((ts) => {
    const m = ws.findMessage(channel.id, ts);
    return m
      ? [
          {
            type: 'message',
            channel: channel.id,
            created: Math.floor(Number(ts)),
            created_by: ws.identity.botUserId,
            message: messageJson(m, { includeMetadata: false }),
          },
        ]
      : [];
  });
  return { ok: true, items };
};

export const pinMethods: Record<string, MethodHandler> = {
  'pins.add': add,
  'pins.remove': remove,
  'pins.list': list,
};
