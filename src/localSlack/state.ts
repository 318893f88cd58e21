/**
 * The StateSnapshot for one person looking at one conversation (or the App Home): everything the page
 * draws, read from the simulator as it is now. Roles and the clock are read at the bot's clock, so a
 * snapshot after the clock moved shows the new on-call.
 */
import type { PolicyConfig } from '../config/policy';
import type { ScheduleSpec } from '../config/scheduleTypes';
import { CALLBACK } from '../slack/ids';
import { openModalsOf } from '../slackSimulator/modals';
import type { StandinView } from '../slackSimulator/standin';
import type { ChannelEntry, ClockState, ModalView, StateSnapshot } from './api';
import { canSee, type LocalSlackContext } from './context';
import { conversationMessages } from './conversation';
import { roleOf } from './roles';
import { sampleAlertSource } from './sampleAlert';

/** The message shortcuts manifest.yml declares (its callback ids are the listeners'). */
export const SHORTCUTS = [{ callbackId: CALLBACK.addToTimeline, name: 'Add to timeline' }];

function commandHints(config: PolicyConfig): { command: string; hint: string }[] {
  const { incident, page, status, oncall } = config.commands;
  return [
    { command: incident, hint: 'create "Checkout down" severity=1 · status · help (no text: the form)' },
    { command: page, hint: '@ana @sre primary "What needs a second pair of eyes"' },
    { command: status, hint: 'update investigating|identified|monitoring|resolved "What changed"' },
    { command: oncall, hint: '[schedule] [at "2026-03-08 09:00"] · me' },
  ];
}

export function clockState(ctx: LocalSlackContext): ClockState {
  return { now: ctx.clock.now().toISOString(), aheadMs: ctx.clock.ahead };
}

/** A plain_text object's text, as Slack shows a modal's title and buttons. */
function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string')
    return (v as { text: string }).text;
  return null;
}

function modalView(v: StandinView): ModalView {
  return {
    id: v.id,
    callbackId: v.callback_id,
    title: textOf(v.title) ?? '',
    submit: textOf(v.submit),
    close: textOf(v.close),
    blocks: v.blocks,
    errors: { ...(v.errors ?? {}) },
  };
}

export function homeViewOf(ctx: LocalSlackContext, personId: string): StandinView | undefined {
  return ctx.standin.views().find((v) => v.type === 'home' && v.user_id === personId);
}

function channelEntries(ctx: LocalSlackContext, personId: string): ChannelEntry[] {
  return [...ctx.standin.workspace.channels.values()]
    .filter((c) => !c.isIm && canSee(c, personId))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => ({
      id: c.id,
      name: c.name,
      isPrivate: c.isPrivate,
      isMember: c.members.has(personId),
      topic: c.topic.value,
      purpose: c.purpose.value,
      isArchived: c.isArchived,
      latestTs: latestTs(ctx, c.id),
    }));
}

function latestTs(ctx: LocalSlackContext, channelId: string): string | null {
  return ctx.standin.workspace.messages.get(channelId)?.at(-1)?.ts ?? null;
}

function viewOf(ctx: LocalSlackContext, personId: string, viewId: string | null): StateSnapshot['view'] {
  if (viewId === 'home') return { kind: 'home', blocks: homeViewOf(ctx, personId)?.blocks ?? null };
  const channel = viewId ? ctx.standin.channel(viewId) : undefined;
  if (!channel || !canSee(channel, personId)) return { kind: 'none' };
  const ws = ctx.standin.workspace;
  return {
    kind: channel.isIm ? 'dm' : 'channel',
    id: channel.id,
    name: channel.isIm ? (ws.users.get(ws.identity.botUserId)?.name ?? 'incident-bot') : channel.name,
    topic: channel.topic.value,
    messages: conversationMessages(ws, channel.id, personId),
    pins: [...(ws.pins.get(channel.id) ?? [])],
  };
}

export function buildSnapshot(
  ctx: LocalSlackContext,
  personId: string,
  viewId: string | null,
  schedules: Record<string, ScheduleSpec>,
): StateSnapshot {
  const { standin, config } = ctx;
  const ws = standin.workspace;
  const bot = ws.users.get(ws.identity.botUserId);
  const now = ctx.clock.now();
  const alertSource = sampleAlertSource(config);
  const top = openModalsOf(ws, personId).at(-1);
  return {
    version: standin.version,
    resetNotice: ctx.resetNotice,
    workspace: { name: ws.identity.teamName, botUserId: ws.identity.botUserId, botName: bot?.name ?? 'incident-bot' },
    me: personId,
    people: ctx.seeded.people.map((p) => ({
      id: p.id,
      name: p.name,
      realName: p.realName,
      role: roleOf(p.id, config, schedules, now),
      tz: p.tz,
    })),
    channels: channelEntries(ctx, personId),
    dms: [
      {
        id: ws.imFor(personId).id,
        userId: ws.identity.botUserId,
        name: bot?.name ?? 'incident-bot',
        latestTs: latestTs(ctx, ws.imFor(personId).id),
      },
    ],
    commands: commandHints(config),
    shortcuts: SHORTCUTS,
    clock: clockState(ctx),
    sampleAlert: { available: alertSource !== null, channel: alertSource?.channel ?? null },
    view: viewOf(ctx, personId, viewId),
    modal: top ? modalView(top) : null,
  };
}
