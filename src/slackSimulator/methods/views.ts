/** views.open / views.update / views.push / views.publish. */
import { viewErrors } from '../limits';
import { viewJson } from '../shapes';
import type { StandinTrigger, StandinView, Workspace } from '../workspace';
import { type ApiResult, type Args, type MethodHandler, fail, str } from './types';

function viewInput(args: Args): Record<string, unknown> | undefined {
  const v = args.view;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function newHash(ws: Workspace): string {
  return `${ws.nextTs()}.${Math.random().toString(16).slice(2, 10)}`;
}

export function buildView(ws: Workspace, input: Record<string, unknown>, base: Partial<StandinView>): StandinView {
  const id = base.id ?? ws.newId('V');
  return {
    id,
    type: String(input.type ?? 'modal'),
    callback_id: String(input.callback_id ?? ''),
    private_metadata: String(input.private_metadata ?? ''),
    external_id: String(input.external_id ?? ''),
    title: input.title,
    submit: input.submit,
    close: input.close,
    blocks: Array.isArray(input.blocks) ? input.blocks : [],
    hash: newHash(ws),
    root_view_id: base.root_view_id ?? id,
    previous_view_id: base.previous_view_id ?? null,
    ...(base.trigger_id ? { trigger_id: base.trigger_id } : {}),
    ...(base.user_id ? { user_id: base.user_id } : {}),
  };
}

/**
 * Slack checks a view's Block Kit and its own fields (title, submit, close ≤ 24 characters,
 * private_metadata ≤ 3000, ≤ 100 blocks…: limits.ts) and answers `invalid_arguments` with a message
 * naming each JSON pointer, as here.
 */
function refusal(input: Record<string, unknown>): ApiResult | undefined {
  const messages = viewErrors(input);
  return messages.length ? fail('invalid_arguments', { response_metadata: { messages } }) : undefined;
}

/** How long a trigger_id can open a view: "Triggers expire in three seconds" (Slack's modals docs). */
export const TRIGGER_TTL_MS = 3_000;

/**
 * A trigger_id opens one view, within 3 s of the request that carried it. Unknown: invalid_trigger_id;
 * used or late: expired_trigger_id. Checked before the view; spent only when the view opens.
 */
function triggerError(ws: Workspace, triggerId: string | undefined, nowMs: number): string | undefined {
  const trigger = triggerId ? ws.triggers.get(triggerId) : undefined;
  if (!trigger) return 'invalid_trigger_id';
  if (trigger.used || nowMs - trigger.issuedMs > TRIGGER_TTL_MS) return 'expired_trigger_id';
  return undefined;
}

/**
 * A person sees one stack of modals at a time: a new views.open for someone replaces what they had
 * open. (Only known when the trigger was issued for a person; see StandinTrigger.)
 */
function closeModalsOf(ws: Workspace, userId: string): void {
  for (const v of ws.views.values()) if (v.type === 'modal' && v.user_id === userId) v.closed = true;
}

/**
 * What views.open and views.push check first: a live trigger id and a view Slack would take. The
 * trigger is then used up.
 */
function takeTrigger(
  args: Args,
  ws: Workspace,
  nowMs: number,
): { refused: ApiResult } | { triggerId: string; trigger: StandinTrigger; input: Record<string, unknown> } {
  const triggerId = str(args, 'trigger_id');
  const triggerErr = triggerError(ws, triggerId, nowMs);
  if (triggerErr) return { refused: fail(triggerErr) };
  const input = viewInput(args);
  if (!input) return { refused: fail('invalid_arguments') };
  const refused = refusal(input);
  if (refused) return { refused };
  const trigger = ws.triggers.get(triggerId!)!;
  trigger.used = true;
  return { triggerId: triggerId!, trigger, input };
}

const open: MethodHandler = (args, ws, env) => {
  const taken = takeTrigger(args, ws, env.nowMs);
  if ('refused' in taken) return taken.refused;
  const { triggerId, trigger, input } = taken;
  if (trigger.user) closeModalsOf(ws, trigger.user);
  const view = buildView(ws, input, { trigger_id: triggerId, user_id: trigger.user });
  ws.views.set(view.id, view);
  return { ok: true, view: viewJson(ws, view) };
};

/** On top of the modal the trigger came from, when known: same root, that one as previous. */
const push: MethodHandler = (args, ws, env) => {
  const taken = takeTrigger(args, ws, env.nowMs);
  if ('refused' in taken) return taken.refused;
  const { triggerId, trigger, input } = taken;
  const below = trigger.viewId ? ws.views.get(trigger.viewId) : undefined;
  const view = buildView(ws, input, {
    trigger_id: triggerId,
    user_id: trigger.user,
    ...(below ? { root_view_id: below.root_view_id, previous_view_id: below.id } : {}),
  });
  ws.views.set(view.id, view);
  return { ok: true, view: viewJson(ws, view) };
};

const update: MethodHandler = (args, ws) => {
  const input = viewInput(args);
  if (!input) return fail('invalid_arguments');
  const viewId = str(args, 'view_id');
  const externalId = str(args, 'external_id');
  if (!viewId && !externalId) return fail('invalid_arguments');
  const existing = viewId ? ws.views.get(viewId) : [...ws.views.values()].find((v) => v.external_id === externalId);
  if (!existing || existing.closed) return fail('not_found');
  const hash = str(args, 'hash');
  if (hash && hash !== existing.hash) return fail('hash_conflict');
  const refused = refusal(input);
  if (refused) return refused;
  const view = buildView(ws, input, existing);
  ws.views.set(view.id, view);
  return { ok: true, view: viewJson(ws, view) };
};

const publish: MethodHandler = (args, ws) => {
  const userId = str(args, 'user_id') ?? '';
  if (!ws.users.has(userId)) return fail('invalid_arguments');
  const input = viewInput(args);
  if (!input || input.type !== 'home') return fail('invalid_arguments');
  const refused = refusal(input);
  if (refused) return refused;
  const existing = [...ws.views.values()].find((v) => v.type === 'home' && v.user_id === userId);
  const view = buildView(ws, input, { ...(existing ?? {}), user_id: userId });
  ws.views.set(view.id, view);
  return { ok: true, view: viewJson(ws, view) };
};

export const viewMethods: Record<string, MethodHandler> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
  'views.publish': publish,
};
