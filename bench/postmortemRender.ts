/**
 * Benchmark 5: the post-mortem draft for a 10,000-event timeline (target ≤ 300 ms to render), the
 * size of what is posted (the Markdown file, and the Slack summary, which must stay within Slack's
 * limits: ≤ 50 blocks, ≤ 3,000 characters a section).
 */
import { renderPostmortemMarkdown, type PostmortemData } from '../src/postmortem/markdown';
import { postmortemSummaryBlocks } from '../src/postmortem/summaryBlocks';

export interface PostmortemRenderResult {
  events: number;
  runsMs: number[];
  medianMs: number;
  markdownBytes: number;
  summaryBlocks: number;
  summaryBytes: number;
  longestSectionChars: number;
}

export function benchPostmortemRender(events = 10_000, runs = 5): PostmortemRenderResult {
  const start = Date.parse('2026-03-04T15:00:00Z');
  const kinds = ['paged', 'status', 'note', 'captured', 'page-failed', 'escalate', 'reminder', 'action-item'];
  const data: PostmortemData = {
    reference: 'INC-2026-0042',
    id: 42,
    title: 'Checkout errors | EU',
    description: 'Card payments failed with 5xx.',
    severity: 'SEV1',
    severityChanges: [
      { at: new Date(start + 60_000), from: 'SEV2', to: 'SEV1', by: 'U0ALICE', why: 'all EU customers' },
    ],
    reporterId: 'U0ALICE',
    channelName: 'incident-20260304-checkout-errors',
    declaredAt: new Date(start),
    acknowledgedAt: new Date(start + 180_000),
    mitigatedAt: new Date(start + 3_000_000),
    resolvedAt: new Date(start + 4_000_000),
    closedAt: new Date(start + 4_100_000),
    roles: { ic: 'U0ALICE', tech: 'U0BOB' },
    targets: { mttaMs: 300_000, mttrMs: 1_800_000 },
    timeline: Array.from({ length: events }, (_, i) => ({
      at: new Date(start + i * 400),
      kind: kinds[i % kinds.length],
      actorId: i % 3 ? 'U0BOB' : null,
      text: `Event ${i} by <@U0BOB>: p99 &lt; 2s | retrying`,
    })),
    paging: ['Page #1 (acknowledged): reached <@U0CCC>'],
    actionItems: Array.from({ length: 20 }, (_, i) => ({
      text: `Follow-up ${i}`,
      ownerId: 'U0BOB',
      due: '2026-03-20',
      status: 'outstanding' as const,
    })),
    cadence: { due: 10, onTime: 8, late: 1, missed: 1 },
    names: { U0ALICE: 'alice', U0BOB: 'bob' },
    timezone: 'America/Chicago',
  };
  const runsMs: number[] = [];
  let markdown = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    markdown = renderPostmortemMarkdown(data);
    runsMs.push(performance.now() - t0);
  }
  const blocks = postmortemSummaryBlocks(data, 'INC-2026-0042-postmortem.md') as {
    text?: { text: string };
    fields?: { text: string }[];
  }[];
  const sectionChars = blocks.flatMap((b) => [b.text?.text.length ?? 0, ...(b.fields ?? []).map((f) => f.text.length)]);
  return {
    events,
    runsMs,
    medianMs: [...runsMs].sort((a, b) => a - b)[Math.floor(runs / 2)],
    markdownBytes: Buffer.byteLength(markdown),
    summaryBlocks: blocks.length,
    summaryBytes: Buffer.byteLength(JSON.stringify(blocks)),
    longestSectionChars: Math.max(...sectionChars),
  };
}

export function renderPostmortemRender(r: PostmortemRenderResult): string {
  return [
    `5. Post-mortem draft for a ${r.events.toLocaleString('en-US')}-event timeline (pure render, ${r.runsMs.length} runs)`,
    `   render median ${r.medianMs.toFixed(0)} ms (runs ${r.runsMs.map((m) => m.toFixed(0)).join(' ')}; target ≤ 300 ms: ${r.medianMs <= 300 ? 'yes' : 'NO'})`,
    `   Markdown file ${(r.markdownBytes / 1024).toFixed(0)} KiB, every section present; Slack summary ${r.summaryBlocks} blocks, ${(r.summaryBytes / 1024).toFixed(1)} KiB, longest section ${r.longestSectionChars} chars (limits: 50 blocks, 3,000 chars)`,
  ].join('\n');
}
