/** Section 7's table: our compiled process next to a bare Bolt process, with each ratio's target beside it. */
import type { ProductionResult } from './production';
import { median, ms } from './stats';

export function renderProduction(r: ProductionResult): string {
  const row = (what: string, ours: string, bare: string, ratio: number, goal: string) =>
    `   ${what.padEnd(44)} ${ours.padEnd(24)} ${bare.padEnd(24)} ${`${ratio}×`.padEnd(7)} ${goal}`;
  const burst = (s: ProductionResult['ours']['firstBurst']) => `${ms(s.p50)} / ${ms(s.p99)}`;
  return [
    `7. Production process: \`${r.startCommand}\` (npm start; compiled, warmed before ready) vs a bare Bolt app that only acks, each its own process, same run`,
    `   both against the stand-in in the bench process; acks = HTTP round trip of /incident create, ${40} at once, sent from a client process of its own; ${r.warmRounds} warm rounds after the first burst`,
    `   RSS twice: 3 s after the phase, and settled (${r.settleSeconds} s with nothing to do, after V8's memory reducer has run)`,
    row('', 'ours', 'bare Bolt', 0, 'goal').replace('0×', 'ratio'),
    row(
      'start → ready (ours: /readyz 200, DB migrated)',
      ms(r.ours.startToReadyMs),
      ms(r.bare.startToReadyMs),
      r.ratios.startToReady,
      `ours ≤ 3 s: ${r.ours.startToReadyMs <= 3000 ? 'yes' : 'NO'}`,
    ),
    row(
      'RSS idle, 3 s after ready',
      `${r.ours.rssIdle.at3s} MB`,
      `${r.bare.rssIdle.at3s} MB`,
      r.ratios.rssIdle,
      `≤ 2×: ${r.ratios.rssIdle <= 2 ? 'yes' : 'NO'}`,
    ),
    row(
      'RSS idle, settled',
      `${r.ours.rssIdle.settled} MB`,
      `${r.bare.rssIdle.settled} MB`,
      r.ratios.rssIdleSettled,
      `≤ 2×: ${r.ratios.rssIdleSettled <= 2 ? 'yes' : 'NO'}`,
    ),
    row(
      `RSS 3 s after ${r.incidents.toLocaleString('en-US')} incidents`,
      `${r.ours.rssAfter.at3s} MB`,
      `${r.bare.rssAfter.at3s} MB`,
      r.ratios.rssAfter,
      `≤ 2.5×: ${r.ratios.rssAfter <= 2.5 ? 'yes' : 'NO'}`,
    ),
    row(
      `RSS after ${r.incidents.toLocaleString('en-US')} incidents, settled`,
      `${r.ours.rssAfter.settled} MB`,
      `${r.bare.rssAfter.settled} MB`,
      r.ratios.rssAfterSettled,
      `≤ 2.5×: ${r.ratios.rssAfterSettled <= 2.5 ? 'yes' : 'NO'}`,
    ),
    row(
      'ack p50 / p99, first burst after start',
      burst(r.ours.firstBurst),
      burst(r.bare.firstBurst),
      r.ratios.firstBurstP99,
      `p99 ≤ 1.5×: ${r.ratios.firstBurstP99 <= 1.5 ? 'yes' : 'NO'}`,
    ),
    row(
      'ack p50 / p99, warm rounds',
      burst(r.ours.warm),
      burst(r.bare.warm),
      r.ratios.warmP99,
      `p99 ≤ 1.5×: ${r.ratios.warmP99 <= 1.5 ? 'yes' : 'NO'}`,
    ),
    row(
      'ack p99 of the median warm round',
      ms(median(r.ours.warmRoundP99s)),
      ms(median(r.bare.warmRoundP99s)),
      r.ratios.warmRoundP99Median,
      `≤ 1.5×: ${r.ratios.warmRoundP99Median <= 1.5 ? 'yes' : 'NO'}`,
    ),
    `   each warm round's p99 (its slowest of 40, ms), ours: ${r.ours.warmRoundP99s.join(', ')}`,
    `                                      bare Bolt: ${r.bare.warmRoundP99s.join(', ')}`,
  ].join('\n');
}
