/**
 * Opening and redrawing a person's contact methods modal. It opens at once with a placeholder (the
 * trigger_id lives 3 s, and the person's rows are read after the ack, in the queue of work), then every
 * change redraws it from the database with views.update.
 */
import type { Deps } from '../runtime/deps';
import { URGENCIES, type RuleStep, type Urgency } from '../config/contact';
import { SlackCallError } from '../slack/gateway';
import { listMethods } from './methods';
import { CONTACT_KINDS } from '../config/contact';
import { isSetUp } from './kinds';
import { contactModal, contactModalWaiting } from './views/contactModal';

export interface OpenView {
  viewId: string;
  /** The view's hash as the request that asks for the redraw saw it; null: redraw whatever is there. */
  hash: string | null;
}

/** views.open with a placeholder, straight after the ack: the view to redraw once its content is read. */
export async function openContactModal(deps: Deps, triggerId: string): Promise<OpenView> {
  const opened = await deps.slack.call('views.open', {
    trigger_id: triggerId,
    view: contactModalWaiting('Reading your contact methods…'),
  });
  const view = opened.view as { id: string; hash: string };
  return { viewId: view.id, hash: view.hash };
}

/** The modal as the database has it now, with `notice` on top and the code field for `verifying`. */
export async function contactModalFor(
  deps: Deps,
  userId: string,
  opts: { notice: string | null; verifying: number | null },
) {
  const [methods, own] = await Promise.all([
    listMethods(deps.db, userId),
    deps.db.notificationRule.findMany({ where: { userId } }),
  ]);
  const defaults = deps.config.notificationRules;
  const rule = (urgency: Urgency) => {
    const mine = own.find((r) => r.urgency === urgency);
    return mine ? { steps: mine.steps as unknown as RuleStep[], own: true } : { steps: defaults[urgency], own: false };
  };
  return contactModal({
    methods,
    declared: deps.config.people[userId] ?? {},
    rules: Object.fromEntries(URGENCIES.map((u) => [u, rule(u)])) as Record<
      Urgency,
      { steps: RuleStep[]; own: boolean }
    >,
    defaults,
    setUp: CONTACT_KINDS.filter((k) => isSetUp(deps.providers, k)),
    notice: opts.notice,
    verifying: opts.verifying,
    now: deps.clock.now(),
  });
}

/** Redraws the open modal. */
export async function showContactModal(
  deps: Deps,
  target: OpenView,
  userId: string,
  opts: { notice: string | null; verifying: number | null },
): Promise<void> {
  const view = await contactModalFor(deps, userId, opts);
  try {
    await deps.slack.call('views.update', {
      view_id: target.viewId,
      ...(target.hash ? { hash: target.hash } : {}),
      view,
    });
  } catch (error) {
    // Another redraw got there first (two quick clicks). Ours was read after our change, so it is at
    // least as new as what is shown: draw it anyway.
    if (!(error instanceof SlackCallError && error.slackError === 'hash_conflict')) throw error;
    await deps.slack.call('views.update', { view_id: target.viewId, view });
  }
}
