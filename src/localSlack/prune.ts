/**
 * The local Slack runs for days, and its workspace lives in memory: what no one can see any more is
 * dropped, so memory stays bounded however many alerts arrive. A conversation keeps its latest
 * messages (the page shows at most the last 1,000 anyway), a person's ephemerals are the latest few
 * hundred, trigger ids go once expired, and closed modals go (a views.update for one is `not_found`,
 * as for a modal Slack has forgotten).
 */
import type { Workspace } from '../slackSimulator/workspace';

export const KEEP_MESSAGES_PER_CONVERSATION = 2_000;
export const KEEP_EPHEMERALS = 500;
/** Slack's trigger ids live 3 s; a minute leaves room for a slow bot without keeping them for ever. */
const TRIGGER_KEEP_MS = 60_000;

export function pruneWorkspace(ws: Workspace, nowMs: number): void {
  for (const [channel, messages] of ws.messages) {
    if (messages.length <= KEEP_MESSAGES_PER_CONVERSATION) continue;
    const dropped = new Set(messages.splice(0, messages.length - KEEP_MESSAGES_PER_CONVERSATION).map((m) => m.ts));
    const pins = ws.pins.get(channel);
    if (pins)
      ws.pins.set(
        channel,
        pins.filter((ts) => !dropped.has(ts)),
      );
  }
  if (ws.ephemerals.length > KEEP_EPHEMERALS) ws.ephemerals.splice(0, ws.ephemerals.length - KEEP_EPHEMERALS);
  for (const [id, trigger] of ws.triggers) if (nowMs - trigger.issuedMs > TRIGGER_KEEP_MS) ws.triggers.delete(id);
  for (const [id, view] of ws.views) if (view.closed) ws.views.delete(id);
}
