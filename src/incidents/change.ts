/**
 * The shared shape of every change to an open incident: lock its row, refuse if closed, apply the
 * change and its timeline entry, refresh the pinned summary — all in one transaction — then wake the
 * job runner for the Slack side.
 */
import type { Deps } from '../runtime/deps';
import { UserError } from '../common/errors';
import { enqueueSummaryRefresh, IncidentWithRoles, lockIncidentWithTimers } from './store';
import type { Tx } from '../db/types';
import { isAdmin, requireAuthority } from './authority';
import { isIncidentMember } from './privacy';

/**
 * Someone outside a private incident learns nothing from a refusal: not its title, not who holds its
 * roles (the role holders' refusal names them). Slack is asked who is in its channel before the
 * transaction opens.
 */
async function refuseNonMembers(deps: Deps, incidentId: number, restricted: { actorId: string; what: string }) {
  const incident = await deps.db.incident.findUnique({ where: { id: incidentId }, include: { roles: true } });
  if (!incident?.private || (await isIncidentMember(deps, incident, restricted.actorId))) return;
  throw new UserError(`Only the members of private incident #${incidentId} can ${restricted.what} it.`);
}

export async function changeOpenIncident<T>(
  deps: Deps,
  incidentId: number,
  change: (tx: Tx, incident: IncidentWithRoles, now: Date) => Promise<T>,
  /** For changes only role holders and admins may make (authority.ts): who asks, and what it is ("close it"). */
  restricted?: { actorId: string; what: string },
  /** Rows to lock before the incident's, in the order others take them before it (a close: its pages). */
  lockFirst?: (tx: Tx) => Promise<void>,
): Promise<T> {
  const now = deps.clock.now();
  // Admin user groups are Slack's to say: asked before the transaction opens.
  const admin = restricted ? await isAdmin(deps, restricted.actorId) : false;
  if (restricted && !admin) await refuseNonMembers(deps, incidentId, restricted);
  const result = await deps.db.$transaction(async (tx) => {
    if (lockFirst) await lockFirst(tx);
    const incident = await lockIncidentWithTimers(tx, incidentId);
    if (!incident) throw new UserError(`Incident #${incidentId} does not exist.`);
    if (incident.state === 'closed') throw new UserError(`Incident #${incidentId} is closed.`);
    if (restricted)
      requireAuthority(incident.roles, restricted.actorId, admin, `${restricted.what} incident #${incidentId}`);
    const value = await change(tx, incident, now);
    await enqueueSummaryRefresh(tx, incidentId, now);
    return value;
  });
  deps.kick();
  return result;
}
