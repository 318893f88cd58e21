/**
 * The fault matrix: each fault-injection test adds a row (what was injected, the page DMs that should
 * have reached people, how many did, duplicates, and how long until a human was told of a failure
 * that needs one). The suite prints the table when it ends, and asserts each row against the targets:
 * 0 lost, 0 duplicated, a human told within 2 minutes. A figure a scenario does not measure is left out
 * of its row and printed as "not measured", so no cell shows a number nobody counted.
 */
export interface FaultRow {
  fault: string;
  /** Page DMs to people who can be reached, that the scenario requires (with the count delivered), or not measured. */
  pages?: { due: number; delivered: number };
  /** Messages posted more than once (same outbox key twice). */
  duplicates: number;
  /** From the fault to the first message telling a human (null: no human needed telling), or not measured. */
  toldAfterMs?: number | null;
}

const NOT_MEASURED = 'not measured';

const rows: FaultRow[] = [];

export function recordFault(row: FaultRow): FaultRow {
  rows.push(row);
  return row;
}

export function faultMatrix(): string {
  const head = ['fault injected', 'pages due', 'delivered', 'lost', 'duplicates', 'human told after'];
  const body = rows.map((r) => [
    r.fault,
    r.pages ? String(r.pages.due) : NOT_MEASURED,
    r.pages ? String(r.pages.delivered) : NOT_MEASURED,
    r.pages ? String(r.pages.due - r.pages.delivered) : NOT_MEASURED,
    String(r.duplicates),
    r.toldAfterMs === undefined ? NOT_MEASURED : r.toldAfterMs === null ? '—' : `${Math.round(r.toldAfterMs / 1000)} s`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const totals = rows.reduce(
    (t, r) => ({
      due: t.due + (r.pages?.due ?? 0),
      delivered: t.delivered + (r.pages?.delivered ?? 0),
      dup: t.dup + r.duplicates,
      told: Math.max(t.told, r.toldAfterMs ?? 0),
    }),
    { due: 0, delivered: 0, dup: 0, told: 0 },
  );
  return [
    'Fault matrix (targets: 0 lost, 0 duplicated, a human told within 2 minutes)',
    line(head),
    ...body.map(line),
    `total: ${rows.length} faults (pages measured in ${rows.filter((r) => r.pages).length}), ${totals.due} pages due, ${totals.delivered} delivered, ${totals.due - totals.delivered} lost, ${totals.dup} duplicated, longest until a human was told ${Math.round(totals.told / 1000)} s`,
  ].join('\n');
}

/** Same outbox key posted twice = a duplicate (every bot message carries its key in metadata). */
export function duplicatePosts(
  calls: readonly { method: string; args: Record<string, unknown>; status: number; response?: { ok?: boolean } }[],
): number {
  const keys = calls
    .filter((c) => c.method === 'chat.postMessage' && c.status === 200 && c.response?.ok)
    .map((c) => JSON.stringify((c.args as { metadata?: unknown }).metadata ?? null))
    .filter((k) => k !== 'null');
  return keys.length - new Set(keys).size;
}
