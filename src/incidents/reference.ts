/**
 * Incident references as people quote them: INC-2026-0042, numbered from 1 each year (the year of
 * declaration in the policy's zone). The number is taken under a per-year lock in the declaring
 * transaction, so two incidents declared at once never share one.
 */
import { formatInZone } from '../time/format';
import type { Tx } from '../db/types';

/** INC-2026-0042; an incident from before numbering existed is INC-<id>. Pure. */
export function incidentReference(incident: { id: number; year: number | null; number: number | null }): string {
  return incident.year && incident.number
    ? `INC-${incident.year}-${String(incident.number).padStart(4, '0')}`
    : `INC-${incident.id}`;
}

/** The next number of `declaredAt`'s year; call inside the declaring transaction. */
export async function nextIncidentNumber(
  tx: Tx,
  declaredAt: Date,
  timezone: string,
): Promise<{ year: number; number: number }> {
  const year = Number(formatInZone(declaredAt, timezone, 'yyyy'));
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`incident-number:${year}`}))`;
  const last = await tx.incident.aggregate({ where: { year }, _max: { number: true } });
  return { year, number: (last._max.number ?? 0) + 1 };
}
