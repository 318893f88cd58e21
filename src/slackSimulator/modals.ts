/**
 * A person's modals, as the Slack client keeps them: one stack at a time (views.open starts it,
 * views.push and a `response_action: 'push'` add to it), closed by the person (Cancel, ×) or by the
 * app's answer to a submission. Only modals opened with a trigger issued for a person are theirs.
 */
import { viewErrors } from './limits';
import { buildView } from './methods/views';
import type { StandinView, Workspace } from './workspace';

/** The person's open modals, bottom of the stack first: the last one is what they see. */
export function openModalsOf(ws: Workspace, userId: string): StandinView[] {
  return [...ws.views.values()].filter((v) => v.type === 'modal' && v.user_id === userId && !v.closed);
}

/** Closes a modal and every one pushed on top of it: the person is back to the one below, if any. */
export function closeModal(ws: Workspace, viewId: string): void {
  const view = ws.views.get(viewId);
  if (!view || view.closed) return;
  view.closed = true;
  for (const v of ws.views.values()) if (v.previous_view_id === viewId) closeModal(ws, v.id);
}

export interface SubmissionOutcome {
  /** The app refused the submission: block_id → message (the modal stays open, showing them). */
  errors?: Record<string, string>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The app's HTTP answer to a view_submission of `viewId`, applied as Slack applies it. `hashWhenSent`
 * is the view's hash when the person pressed Submit: if the app has already redrawn the view with
 * views.update since (its work can beat its own answer here), that newer view stays.
 */
export function answerSubmission(
  ws: Workspace,
  viewId: string,
  answer: unknown,
  hashWhenSent: string,
): SubmissionOutcome {
  const view = ws.views.get(viewId);
  if (!view || view.closed) return {};
  const action = isObject(answer) ? answer.response_action : undefined;
  if (action === 'errors' && isObject(answer) && isObject(answer.errors)) {
    const errors = Object.fromEntries(Object.entries(answer.errors).map(([k, v]) => [k, String(v)]));
    view.errors = errors;
    return { errors };
  }
  delete view.errors;
  const given = isObject(answer) && isObject(answer.view) ? answer.view : undefined;
  // Slack shows nothing for a view it would refuse; the modal stays as it was.
  const usable = given && viewErrors(given).length === 0 ? given : undefined;
  if (action === 'update') {
    if (usable && view.hash === hashWhenSent) ws.views.set(viewId, buildView(ws, usable, view));
    return {};
  }
  if (action === 'push') {
    if (usable) {
      const pushed = buildView(ws, usable, {
        root_view_id: view.root_view_id,
        previous_view_id: view.id,
        user_id: view.user_id,
      });
      ws.views.set(pushed.id, pushed);
    }
    return {};
  }
  if (action === 'clear') {
    closeModal(ws, view.root_view_id);
    return {};
  }
  closeModal(ws, viewId);
  return {};
}
