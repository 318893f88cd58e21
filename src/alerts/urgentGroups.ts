/**
 * Alert groups most urgent first (decideDigest.ts `urgencyOf`: the route pages now, later, never; then
 * the severity), newest first within that: what a digest lists and App Home shows. Read a tier at a
 * time after one count by (integration, severity), so a list of ten costs the same with 5,000 groups.
 */
import type { Prisma } from '../generated/prisma/client';
import type { PolicyConfig } from '../config/policy';
import type { Db } from '../db/types';
import { urgencyOf } from './decideDigest';

export const URGENT_GROUP_FIELDS = {
  id: true,
  title: true,
  severity: true,
  integration: true,
  state: true,
  acknowledgedBy: true,
  incidentId: true,
  openedAt: true,
  channelId: true,
  ts: true,
  digestId: true,
  leftDigestAt: true,
  digest: { select: { channelId: true } },
  pages: {
    where: { state: { in: ['open', 'exhausted'] } },
    orderBy: { id: 'desc' },
    take: 1,
    select: { state: true },
  },
} as const satisfies Prisma.AlertGroupSelect;

export type UrgentGroup = Prisma.AlertGroupGetPayload<{ select: typeof URGENT_GROUP_FIELDS }>;

/** The first `take` groups matching `where`, most urgent then newest, and how many match in all. */
export async function mostUrgentGroups(
  db: Db,
  config: Pick<PolicyConfig, 'alerts' | 'severities'>,
  where: Prisma.AlertGroupWhereInput,
  take: number,
): Promise<{ rows: UrgentGroup[]; total: number }> {
  const buckets = await db.alertGroup.groupBy({ by: ['integration', 'severity'], where, _count: { _all: true } });
  const total = buckets.reduce((n, b) => n + b._count._all, 0);
  const tiers = new Map<number, Prisma.AlertGroupWhereInput[]>();
  for (const b of buckets) {
    const urgency = urgencyOf(config, b);
    tiers.set(urgency, [...(tiers.get(urgency) ?? []), { integration: b.integration, severity: b.severity }]);
  }
  const rows: UrgentGroup[] = [];
  for (const urgency of [...tiers.keys()].sort((a, b) => a - b)) {
    if (rows.length >= take) break;
    rows.push(
      ...(await db.alertGroup.findMany({
        where: { AND: [where, { OR: tiers.get(urgency)! }] },
        orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
        take: take - rows.length,
        select: URGENT_GROUP_FIELDS,
      })),
    );
  }
  return { rows, total };
}
