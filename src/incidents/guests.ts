/**
 * Slack guest accounts (contractors, vendors, people from another company in a shared channel) may
 * read and add notes, but not declare, page or steer an incident unless the policy file says
 * `allow_guests: true`. The one rule every entry point calls before doing any work.
 */
import type { Deps } from '../runtime/deps';
import { UserError } from '../common/errors';
import type { IncidentCommand } from './parseIncidentCommand';

/** What a guest may not do, as the refusal says it: for the entry points that are not `/incident`. */
export const GUEST_MAY_NOT = {
  declare: 'declare incidents',
  page: 'page people',
  close: 'close incidents',
} as const;

/** What each `/incident` subcommand does, as the refusal says it; null: a guest may do it (reading, notes). */
const GUEST_REFUSED: Record<IncidentCommand['kind'], string | null> = {
  create: GUEST_MAY_NOT.declare,
  'create-modal': GUEST_MAY_NOT.declare,
  assign: "change an incident's roles",
  'status-update': 'post status updates',
  severity: "change an incident's severity",
  stopwatch: null, // start and stop are refused below; status is reading
  close: GUEST_MAY_NOT.close,
  postmortem: "steer an incident's post-mortem",
  action: 'add follow-ups',
  roles: null,
  note: null,
  actions: null,
  comms: null,
  stats: null,
  'make-public': 'make an incident public',
  'make-private': null, // always refused, with the reason
  join: 'join private incidents',
  help: null,
};

/** What a guest may not do with `command`, or null when they may. Pure. */
export function guestRefusedCommand(command: IncidentCommand): string | null {
  if (command.kind === 'stopwatch') return command.action === 'status' ? null : "start or stop an incident's timer";
  return GUEST_REFUSED[command.kind];
}

/**
 * Throws the refusal (an ephemeral answer) when `userId` is a guest and guests are not allowed to
 * `what` (null: anyone may). One users.info per person, cached by the directory.
 */
export async function refuseGuest(
  deps: Pick<Deps, 'config' | 'directory' | 'log'>,
  userId: string,
  what: string | null,
): Promise<void> {
  if (what === null || deps.config.allowGuests) return;
  let guest: boolean;
  try {
    guest = (await deps.directory.user(userId)).guest;
  } catch (error) {
    // Not knowing lets them act: refusing everyone's declaration while Slack is unreachable would stop
    // a full member declaring the incident that is Slack being unreachable.
    deps.log.warn({ user: userId, err: String(error) }, 'could not tell whether a person is a guest; letting them act');
    return;
  }
  if (guest)
    throw new UserError(
      `:no_entry: Guest accounts can't ${what} here. Ask a full member of the workspace to do it for you ` +
        '(an admin of the bot can allow guests with `allow_guests: true` in its policy file).',
    );
}
