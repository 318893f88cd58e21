/**
 * Whose a page is: an incident's (its news goes on the timeline and in the incident channel), or an
 * alert group's (its news goes in the thread of the group's message). A page an incident was declared
 * from a group is the incident's from then on. Paging code says what happened; this says where.
 */
import type { Json, Tx } from '../db/types';
import { enqueuePost } from '../outbox';
import { addTimeline, enqueueSummaryRefresh } from '../incidents/store';
import { enqueueGroupMessage, enqueueThreadPost } from '../alerts/queue';

export type PageOwner = { kind: 'incident'; incidentId: number } | { kind: 'alert'; groupId: number };

export function pageOwner(page: { incidentId: number | null; alertGroupId: number | null }): PageOwner {
  if (page.incidentId !== null) return { kind: 'incident', incidentId: page.incidentId };
  if (page.alertGroupId !== null) return { kind: 'alert', groupId: page.alertGroupId };
  throw new Error('a page with neither incident nor alert group'); // the page_has_owner constraint forbids it
}

/** The incident id outbox jobs of this page carry (they run in the incident's order); null for a group. */
export function ownerIncidentId(owner: PageOwner): number | null {
  return owner.kind === 'incident' ? owner.incidentId : null;
}

/** "incident #3" / "alert group #12": how a page's owner is named in a person's DM or reply. */
export function describeOwner(owner: PageOwner): string {
  return owner.kind === 'incident' ? `incident #${owner.incidentId}` : `alert group #${owner.groupId}`;
}

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

/** Record and show something that happened to a page, where its people look. */
export async function tellOwner(tx: Tx, owner: PageOwner, now: Date, news: PageNews): Promise<void> {
  if (owner.kind === 'incident') {
    await addTimeline(tx, { incidentId: owner.incidentId, at: now, actorId: news.actorId, kind: news.kind, text: news.timelineText ?? news.text, data: news.data });
    if (news.post !== false) await enqueuePost(tx, now, { key: news.key, incidentId: owner.incidentId, to: { kind: 'incident' }, text: news.text });
    return;
  }
  if (news.post !== false) await enqueueThreadPost(tx, now, { key: news.key, groupId: owner.groupId, text: news.text, broadcast: news.loud });
}

/** The owner's live view (pinned summary, or the group's message) shows the page as it is now. */
export async function refreshOwnerView(tx: Tx, owner: PageOwner, now: Date): Promise<void> {
  if (owner.kind === 'incident') return enqueueSummaryRefresh(tx, owner.incidentId, now);
  const group = await tx.alertGroup.findUnique({ where: { id: owner.groupId }, select: { id: true, messageAt: true } });
  if (group) await enqueueGroupMessage(tx, group, now);
}
