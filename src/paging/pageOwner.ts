/**
 * Whose a page is: an incident's or an alert group's. Paging says what happened to a page; the owner
 * decides where that is shown and recorded. Paging knows neither incidents nor alerts: each registers
 * a PageOwnerPort for its kind at start (app/pageOwners.ts), so dependencies run one way.
 */
import type { Json, Tx } from '../db/types';

export type PageOwner = { kind: 'incident'; incidentId: number } | { kind: 'alert'; groupId: number };

export interface PageNews {
  /** The outbox key of the post (made by jobKey). */
  key: string;
  /** Timeline event kind. */
  kind: string;
  actorId: string | null;
  text: string;
  /** What the timeline records, when it differs from what is posted. */
  timelineText?: string;
  data?: Json;
  /** false: the timeline only. */
  post?: boolean;
  /** News nobody may miss: an alert group's reply is shown in the channel too. */
  loud?: boolean;
}

/** What paging needs from whoever owns a page, all inside the caller's transaction. */
export interface PageOwnerPort {
  /** Record and show something that happened to one of its pages, where its people look. */
  tell(tx: Tx, ownerId: number, now: Date, news: PageNews): Promise<void>;
  /** Its live view (pinned summary, group message) shows its pages as they are now. */
  refreshView(tx: Tx, ownerId: number, now: Date): Promise<void>;
  /** One of its pages was acknowledged: the owner records its first acknowledgement. */
  acknowledged(tx: Tx, ownerId: number, userId: string, now: Date): Promise<void>;
}

const ports = new Map<PageOwner['kind'], PageOwnerPort>();

export function registerPageOwner(kind: PageOwner['kind'], port: PageOwnerPort): void {
  ports.set(kind, port);
}

function portFor(owner: PageOwner): PageOwnerPort {
  const port = ports.get(owner.kind);
  if (!port) throw new Error(`no page owner registered for "${owner.kind}" (app/pageOwners.ts registers them)`);
  return port;
}

const ownerId = (owner: PageOwner) => (owner.kind === 'incident' ? owner.incidentId : owner.groupId);

export function pageOwner(page: { incidentId: number | null; alertGroupId: number | null }): PageOwner {
  if (page.incidentId !== null) return { kind: 'incident', incidentId: page.incidentId };
  if (page.alertGroupId !== null) return { kind: 'alert', groupId: page.alertGroupId };
  throw new Error('a page with neither incident nor alert group'); // the page_has_owner constraint forbids it
}

/** The incident id outbox jobs of this page carry (they run in the incident's order); null for a group. */
export function ownerIncidentId(owner: PageOwner): number | null {
  return owner.kind === 'incident' ? owner.incidentId : null;
}

/**
 * The order a page's escalation timer fires in: its incident's, or its alert group's (so the group's
 * route timers and its page's steps never run at once).
 */
export function escalationOrder(owner: PageOwner): { incidentId: number | null; alertGroupId: number | null } {
  return owner.kind === 'incident'
    ? { incidentId: owner.incidentId, alertGroupId: null }
    : { incidentId: null, alertGroupId: owner.groupId };
}

/** "incident #3" / "alert group #12": how a page's owner is named in a person's DM or reply. */
export function describeOwner(owner: PageOwner): string {
  return owner.kind === 'incident' ? `incident #${owner.incidentId}` : `alert group #${owner.groupId}`;
}

export async function tellOwner(tx: Tx, owner: PageOwner, now: Date, news: PageNews): Promise<void> {
  await portFor(owner).tell(tx, ownerId(owner), now, news);
}

export async function refreshOwnerView(tx: Tx, owner: PageOwner, now: Date): Promise<void> {
  await portFor(owner).refreshView(tx, ownerId(owner), now);
}

export async function ownerAcknowledged(tx: Tx, owner: PageOwner, userId: string, now: Date): Promise<void> {
  await portFor(owner).acknowledged(tx, ownerId(owner), userId, now);
}
