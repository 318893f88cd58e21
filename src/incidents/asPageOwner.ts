/** An incident as the owner of its pages: their news goes on its timeline and into its channel. */
import type { PageOwnerPort } from '../paging/pageOwner';
import { enqueuePost } from '../outbox';
import { addTimeline, enqueueSummaryRefresh } from './store';

export const incidentAsPageOwner: PageOwnerPort = {
  async tell(tx, incidentId, now, news) {
    await addTimeline(tx, {
      incidentId,
      at: now,
      actorId: news.actorId,
      kind: news.kind,
      text: news.timelineText ?? news.text,
      data: news.data,
    });
    if (news.post !== false)
      await enqueuePost(tx, now, { key: news.key, incidentId, to: { kind: 'incident' }, text: news.text });
  },
  refreshView: (tx, incidentId, now) => enqueueSummaryRefresh(tx, incidentId, now),
  async acknowledged(tx, incidentId, userId, now) {
    await tx.incident.updateMany({
      where: { id: incidentId, acknowledgedAt: null },
      data: { acknowledgedAt: now, acknowledgedBy: userId },
    });
  },
};
