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
  const declared = config.people[userId]?.[kind];
  const stored = await db.contactMethod.findMany({
    where: { userId, kind, verifiedAt: { not: null }, disabledAt: null },
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
  });
  const out: PageableMethod[] = declared ? [{ id: null, kind, address: declared, secret: null }] : [];
  for (const m of stored)
    if (m.address !== declared) out.push({ id: m.id, kind, address: m.address, secret: m.secret });
  return out;
}
