/**
 * What a person does with the bot's Block Kit: press a button (in a message, an ephemeral, a modal or
 * the App Home), submit or close a modal, run a message shortcut. Each is sent to the bot as Slack
 * sends it, with a trigger id issued for that person (and the modal they are in, for views.push).
 */
import { openModalsOf } from '../slackSimulator/modals';
import type { StandinView } from '../slackSimulator/standin';
import type { ActionResult, SubmitResult } from './api';
import { channelNameOf, connectedBot, personOf, visibleChannel, type LocalSlackContext } from './context';
import { badRequest, HttpError, optionalString, requireObject, requireString, type JsonObject } from './http';
import type { SeededPerson } from './seed';
import { homeViewOf, SHORTCUTS } from './state';

function answered(what: string, status: number): void {
  if (status !== 200) throw new HttpError(502, `${what} failed: the bot answered HTTP ${status}.`);
}

/** A view the person has in front of them: one of their open modals, or their App Home. */
function ownView(ctx: LocalSlackContext, personId: string, viewId: string, kinds: ('modal' | 'home')[]): StandinView {
  // The page draws the Home from the snapshot, which has no view id: 'home' names the person's own.
  const view =
    viewId === 'home' && kinds.includes('home') ? homeViewOf(ctx, personId) : ctx.standin.workspace.views.get(viewId);
  const open =
    view &&
    ((kinds.includes('modal') && openModalsOf(ctx.standin.workspace, personId).includes(view)) ||
      (kinds.includes('home') && view.type === 'home' && view.user_id === personId));
  if (!open) throw badRequest(`There is no open view ${viewId} of yours.`);
  return view;
}

/** Who pressed which button, as every block_actions payload says it. */
function pressed(person: SeededPerson, body: JsonObject) {
  return {
    userId: person.id,
    userName: person.name,
    actionId: requireString(body, 'actionId'),
    blockId: requireString(body, 'blockId'),
    value: optionalString(body, 'value') ?? '',
    text: optionalString(body, 'text'),
  };
}

async function clickInView(ctx: LocalSlackContext, person: SeededPerson, body: JsonObject, viewId: string) {
  const view = ownView(ctx, person.id, viewId, ['modal', 'home']);
  const res = await connectedBot(ctx).driver.blockAction({
    ...pressed(person, body),
    viewId: view.id,
    view: {
      type: view.type,
      hash: view.hash,
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      blocks: view.blocks,
    },
    triggerId: ctx.standin.issueTriggerId(undefined, {
      user: person.id,
      ...(view.type === 'modal' ? { viewId: view.id } : {}),
    }),
  });
  answered('The button', res.status);
}

async function clickInMessage(ctx: LocalSlackContext, person: SeededPerson, body: JsonObject) {
  const channel = visibleChannel(ctx, requireString(body, 'channel'), person.id);
  const messageTs = requireString(body, 'messageTs');
  const ws = ctx.standin.workspace;
  // Which it is follows from the ts (messages and ephemerals never share one), whatever `ephemeral` says.
  const message = ws.findMessage(channel.id, messageTs);
  const ephemeral =
    !message &&
    ws.ephemerals.some((e) => e.channel === channel.id && e.user === person.id && e.message_ts === messageTs);
  if (!message && !ephemeral) throw badRequest('That message is no longer in the conversation.');
  const res = await connectedBot(ctx).driver.blockAction({
    ...pressed(person, body),
    channelId: channel.id,
    channelName: channelNameOf(channel),
    messageTs,
    ...(message ? { message: { ts: message.ts, text: message.text, blocks: message.blocks ?? [] } } : {}),
    ephemeral,
    responseUrl: ctx.standin.responseUrlFor({ user: person.id, channel: channel.id, messageTs }),
    triggerId: ctx.standin.issueTriggerId(undefined, { user: person.id }),
  });
  answered('The button', res.status);
}

export async function click(ctx: LocalSlackContext, body: JsonObject): Promise<ActionResult> {
  const person = personOf(ctx, requireString(body, 'as'));
  const viewId = optionalString(body, 'viewId');
  if (viewId) await clickInView(ctx, person, body, viewId);
  else await clickInMessage(ctx, person, body);
  return { ok: true };
}

export async function submit(ctx: LocalSlackContext, body: JsonObject): Promise<SubmitResult> {
  const person = personOf(ctx, requireString(body, 'as'));
  const view = ownView(ctx, person.id, requireString(body, 'viewId'), ['modal']);
  const values = requireObject(body, 'values') as Record<string, Record<string, Record<string, unknown>>>;
  const hashWhenSent = view.hash;
  const res = await connectedBot(ctx).driver.viewSubmission({
    userId: person.id,
    userName: person.name,
    callbackId: view.callback_id,
    privateMetadata: view.private_metadata,
    viewId: view.id,
    blocks: view.blocks,
    values,
    triggerId: ctx.standin.issueTriggerId(undefined, { user: person.id, viewId: view.id }),
  });
  answered('Submitting the form', res.status);
  const outcome = ctx.standin.answerViewSubmission(view.id, res.body, hashWhenSent);
  return { ok: true, ...(outcome.errors ? { errors: outcome.errors } : {}) };
}

export function closeView(ctx: LocalSlackContext, body: JsonObject): ActionResult {
  const person = personOf(ctx, requireString(body, 'as'));
  const view = ownView(ctx, person.id, requireString(body, 'viewId'), ['modal']);
  ctx.standin.closeView(view.id);
  return { ok: true };
}

export async function shortcut(ctx: LocalSlackContext, body: JsonObject): Promise<ActionResult> {
  const person = personOf(ctx, requireString(body, 'as'));
  const callbackId = requireString(body, 'callbackId');
  if (!SHORTCUTS.some((s) => s.callbackId === callbackId))
    throw badRequest(`"${callbackId}" is not one of the bot's message shortcuts.`);
  const channel = visibleChannel(ctx, requireString(body, 'channel'), person.id);
  const message = ctx.standin.workspace.findMessage(channel.id, requireString(body, 'messageTs'));
  if (!message) throw badRequest('That message is no longer in the conversation.');
  const res = await connectedBot(ctx).driver.messageShortcut({
    callbackId,
    userId: person.id,
    userName: person.name,
    channelId: channel.id,
    channelName: channelNameOf(channel),
    message: {
      ts: message.ts,
      text: message.text,
      user: message.user,
      ...(message.blocks ? { blocks: message.blocks } : {}),
    },
    responseUrl: ctx.standin.responseUrlFor({ user: person.id, channel: channel.id }),
    triggerId: ctx.standin.issueTriggerId(undefined, { user: person.id }),
  });
  answered('The shortcut', res.status);
  return { ok: true };
}
