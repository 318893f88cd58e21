/**
 * Where a person can be paged by each kind of method: their verified, enabled methods (in their
 * order), after the ones the policy file declares for them (which count as verified).
 */
import type { Tx } from '../db/types';
import type { PolicyConfig } from '../config/policy';
import type { ContactKind } from '../config/contact';

export interface PageableMethod {
  /** The stored method's id; null for one declared in the policy file. */
  id: number | null;
  kind: ContactKind;
  address: string;
  /** A webhook's signing secret. */
  secret: string | null;
}

/** The methods of `kind` that may page `userId`, first to try first. An unverified or disabled one never is. */
export async function pageableMethods(
  db: Tx,
  config: PolicyConfig,
  userId: string,
  kind: ContactKind,
): Promise<PageableMethod[]> {
  const stored = await db.contactMethod.findMany({
    where: { userId, kind },
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
  });
  // A number the policy file declares is turned off the same way as one the person added: by STOP,
  // which leaves a disabled row for it.
  const optedOut = new Set(stored.filter((m) => m.disabledAt).map((m) => m.address));
  const declared = config.people[userId]?.[kind];
  const out: PageableMethod[] =
    declared && !optedOut.has(declared) ? [{ id: null, kind, address: declared, secret: null }] : [];
  for (const m of stored)
    if (m.verifiedAt && !m.disabledAt && m.address !== declared)
      out.push({ id: m.id, kind, address: m.address, secret: m.secret });
  return out;
}

/**
 * Which kinds of method each of these people can be paged by (one query for a whole step): a rule's
 * step of a kind they never set up is left out for them, rather than failing on every page.
 */
export async function pageableKinds(
  db: Tx,
  config: PolicyConfig,
  userIds: string[],
): Promise<Map<string, Set<ContactKind>>> {
  const stored = await db.contactMethod.findMany({ where: { userId: { in: userIds } } });
  const out = new Map(userIds.map((u) => [u, new Set<ContactKind>()]));
  for (const userId of userIds) {
    const mine = stored.filter((m) => m.userId === userId);
    const optedOut = new Set(mine.filter((m) => m.disabledAt).map((m) => `${m.kind}:${m.address}`));
    for (const [kind, address] of Object.entries(config.people[userId] ?? {}))
      if (address && !optedOut.has(`${kind}:${address}`)) out.get(userId)!.add(kind as ContactKind);
    for (const m of mine) if (m.verifiedAt && !m.disabledAt) out.get(userId)!.add(m.kind as ContactKind);
  }
  return out;
}
