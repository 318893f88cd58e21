/** Acknowledge / Escalate on a page DM. The button value names the page and the step it was sent for. */
import { z } from 'zod';
import type { Deps } from '../../runtime/deps';
import { UserError } from '../../common/errors';
import { acknowledgePage } from '../../paging/acknowledgePage';
import { escalatePage } from '../../paging/escalatePage';
import { ACTION } from '../../slack/ids';
import type { Answerer } from '../ackAndReply';
import type { ListenerRouter } from '../router';

const ZPageRef = z.object({ pageId: z.number().int(), level: z.number().int(), cycle: z.number().int() });

function pageRef(value: string | undefined) {
  try {
    return ZPageRef.parse(JSON.parse(value ?? ''));
  } catch {
    throw new UserError('That button is from an old or altered message; ask for a new page.');
  }
}

export function register(on: ListenerRouter, deps: Deps, answer: Answerer): void {
  on.button(ACTION.acknowledgePage, async ({ body, action, ack, respond }) => {
    // Ahead of the queue: every moment an acknowledgement waits, the next level's page comes closer.
    await answer.action(
      ack,
      respond,
      { action: ACTION.acknowledgePage, user: body.user.id },
      () => acknowledgePage(deps, pageRef(action.value), body.user.id),
      'first',
    );
  });
  on.button(ACTION.escalatePage, async ({ body, action, ack, respond }) => {
    await answer.action(ack, respond, { action: ACTION.escalatePage, user: body.user.id }, () =>
      escalatePage(deps, pageRef(action.value), body.user.id),
    );
  });
}
