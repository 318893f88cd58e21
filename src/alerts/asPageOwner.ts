/**
 * An alert group as the owner of its pages: their news goes in the thread of the group's message. For
 * a group in a digest, loud news (its page could not reach someone, or nobody answered it at any
 * level) is what gives it a message of its own; the rest shows in the digest.
 */
import type { PageOwnerPort } from '../paging/pageOwner';
import { enqueueGroupMessage, enqueueThreadPost } from './groupPosts';

export const alertGroupAsPageOwner: PageOwnerPort = {
  async tell(tx, groupId, now, news) {
    if (news.post !== false)
      await enqueueThreadPost(tx, now, {
        key: news.key,
        groupId,
        text: news.text,
        broadcast: news.loud,
        leavesDigest: news.loud,
      });
  },
  async refreshView(tx, groupId, now) {
    const group = await tx.alertGroup.findUnique({ where: { id: groupId }, select: { id: true, messageAt: true } });
    if (group) await enqueueGroupMessage(tx, group, now);
  },
  async acknowledged(tx, groupId, userId, now) {
    await tx.alertGroup.updateMany({
      where: { id: groupId, acknowledgedAt: null },
      data: { acknowledgedAt: now, acknowledgedBy: userId },
    });
  },
};
