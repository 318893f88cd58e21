/**
 * A channel's alert digest, joined and left (the rules: decideDigest.ts). New groups are admitted at
 * the end of intake's transaction, after every group of the flush is locked: a channel at a time, in
 * name order, under a lock of the channel's own, so two flushes (or two replicas) counting the same
 * minute take turns and the channel's share is never handed out twice. Nothing else takes that lock
 * or writes a digest row inside a transaction, so the lock order stays groups → channel → digest.
 *
 * A digested group's message job still runs when the group changes; finding the group digested, it
 * re-arms the digest's edit instead (relayToDigest), with no transaction open, so a button press on a
 * group never waits for a digest row that a flush of other groups holds.
 */
import type { AlertGroup } from '../generated/prisma/client';
import type { PolicyConfig } from '../config/policy';
import type { Db, Tx } from '../db/types';
import { decideAdmission, digestTakesGroups, DIGEST_WINDOW_MS, urgencyOf } from './decideDigest';
import {
  digestMessageSql,
  enqueueDigestMessage,
  enqueueGroupMessage,
  enqueueGroupMessages,
  groupMessagesSql,
} from './groupPosts';

/**
 * The groups this flush created, each to a message of its own or to its channel's digest. Called once
 * per flush, last: after it, the transaction locks no group.
 */
export async function admitNewGroups(tx: Tx, config: PolicyConfig, fresh: AlertGroup[], now: Date): Promise<void> {
  const byChannel = new Map<string, AlertGroup[]>();
  for (const group of fresh) {
    const channel = config.alerts[group.integration]?.channel;
    if (channel === undefined) continue; // intake serves configured integrations only
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), group]);
  }
  for (const channel of [...byChannel.keys()].sort()) {
    const groups = byChannel.get(channel)!;
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`alert-channel:${channel}`}))`;
    const integrations = Object.values(config.alerts)
      .filter((i) => i.channel === channel)
      .map((i) => i.name);
    const since = new Date(now.getTime() - DIGEST_WINDOW_MS);
    // This flush's own groups are in the count (created in this transaction): the rest came before.
    // The channel's latest digest is locked with it, in case some groups join it (the lock order:
    // channel, then digest).
    const [{ n, ...latest }] = await tx.$queryRaw<
      { n: number; id: number | null; last_joined_at: Date | null; message_at: Date | null }[]
    >`
      SELECT (SELECT count(*)::int FROM alert_group WHERE integration = ANY(${integrations}) AND created_at > ${since}) AS n,
        d.id, d.last_joined_at, d.message_at
      FROM (SELECT 1) AS one LEFT JOIN LATERAL (
        SELECT id, last_joined_at, message_at FROM alert_digest WHERE channel = ${channel}
        ORDER BY last_joined_at DESC, id DESC LIMIT 1 FOR UPDATE
      ) AS d ON true`;
    const { own, digested } = decideAdmission(
      groups.map((g) => ({ group: g, id: g.id, urgency: urgencyOf(config, g) })),
      n - groups.length,
      config.alertDigest.maxPerMinute,
    );
    const ownMessages = own.map((o) => o.group);
    if (digested.length === 0) {
      await enqueueGroupMessages(tx, ownMessages, now);
      continue;
    }
    const digest =
      latest.id !== null && digestTakesGroups(latest.last_joined_at!, now)
        ? { id: latest.id, messageAt: latest.message_at }
        : await tx.alertDigest.create({
            data: { channel, openedAt: now, lastJoinedAt: now },
            select: { id: true, messageAt: true },
          });
    await joinDigest(
      tx,
      digest,
      digested.map((d) => d.group.id),
      ownMessages,
      now,
    );
  }
}

/** The groups join the digest, which is asked to show them; the channel's other new groups get their messages. One statement. */
async function joinDigest(
  tx: Tx,
  digest: { id: number; messageAt: Date | null },
  groupIds: number[],
  own: AlertGroup[],
  now: Date,
): Promise<void> {
  await tx.$queryRaw`
    WITH joined AS (UPDATE alert_digest SET last_joined_at = ${now} WHERE id = ${digest.id}),
    members AS (UPDATE alert_group SET digest_id = ${digest.id} WHERE id = ANY(${groupIds}::int[])),
    own AS (${groupMessagesSql(own, now)}),
    message AS (${digestMessageSql(digest, now)})
    SELECT 1 AS joined`;
}

/** A digested group changed: its digest shows it at the next edit. */
export async function relayToDigest(db: Db, digestId: number, now: Date): Promise<void> {
  const digest = await db.alertDigest.findUnique({ where: { id: digestId }, select: { id: true, messageAt: true } });
  if (digest) await enqueueDigestMessage(db, digest, now);
}

/**
 * News people must act on in the channel came for a digested group: it gets a message of its own (the
 * news then goes in its thread), and its digest counts it as moved. One transaction, so a crash cannot
 * leave the group out of the digest with no message coming. False: it had left already.
 */
export async function leaveDigest(db: Db, groupId: number, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.alertGroup.updateMany({
      where: { id: groupId, digestId: { not: null }, leftDigestAt: null },
      data: { leftDigestAt: now },
    });
    if (count === 0) return false;
    const group = await tx.alertGroup.findUniqueOrThrow({
      where: { id: groupId },
      select: { id: true, messageAt: true, digest: { select: { id: true, messageAt: true } } },
    });
    await enqueueGroupMessage(tx, group, now);
    if (group.digest) await enqueueDigestMessage(tx, group.digest, now);
    return true;
  });
}
