/**
 * What `check-config` warns about in a schedule: rules that leave nobody on call, overrides that
 * cover nothing or fight each other. Problems, not errors: the file still loads, since a schedule
 * with a gap next month is better than no bot today.
 */
import type { ScheduleSpec } from '../../config/scheduleTypes';
import { PRIMARY_LAYER } from '../../config/scheduleTypes';
import { layerNames, rotationOfLayer } from './layers';
import { LayerTimeline } from './onCall';
import { overlappingOverrides, overridesOfLayer } from './overrides';
import { formatInstant } from './display';

/** At most this many gaps are listed per layer; the rest are counted. */
const GAPS_LISTED = 5;

/** Problems with `schedule` over [from, from + horizonMs), each a sentence naming the schedule. */
export function findScheduleProblems(schedule: ScheduleSpec, from: Date, horizonMs: number): string[] {
  const problems: string[] = [];
  const zone = schedule.timezone;
  const say = (text: string) => problems.push(`schedule "${schedule.name}": ${text}`);
  const layers = layerNames(schedule);

  for (const layer of layers) {
    const rotation = rotationOfLayer(schedule, layer);
    const ownRotation = layer === PRIMARY_LAYER || schedule.layers[layer].kind === 'rotation';
    if (ownRotation && rotation.members.length === 0) {
      say(`${layerLabel(layer)} has no members, so nobody is on call except during overrides`);
    }
  }

  for (const [layer, spec] of Object.entries(schedule.layers)) {
    const count = schedule.members.length;
    if (spec.kind === 'offset' && count > 0 && spec.offset % count === 0) {
      say(`layer "${layer}" is always the same person as primary (${count} member(s), offset ${spec.offset})`);
    }
  }

  schedule.overrides.forEach((o, i) => {
    if (!layers.includes(o.layer))
      say(`override #${i + 1} (${o.user}) is for layer "${o.layer}", which does not exist`);
    if (o.to.getTime() <= o.from.getTime()) {
      say(
        `override #${i + 1} (${o.user}) ends ${formatInstant(o.to, zone)} ` +
          `before it starts ${formatInstant(o.from, zone)}, so it covers nothing`,
      );
    }
  });

  for (const layer of layers) {
    for (const [a, b] of overlappingOverrides(overridesOfLayer(schedule.overrides, layer))) {
      const overlapFrom = new Date(Math.max(a.from, b.from));
      const overlapTo = new Date(Math.min(a.to, b.to));
      say(
        `overrides #${a.position + 1} (${a.user}) and #${b.position + 1} (${b.user}) overlap on ${layer} ` +
          `from ${formatInstant(overlapFrom, zone)} to ${formatInstant(overlapTo, zone)}; ` +
          `#${b.position + 1}, written later, wins`,
      );
    }
  }

  for (const layer of layers) {
    const gaps = findGaps(new LayerTimeline(schedule, layer), from.getTime(), from.getTime() + horizonMs);
    for (const [start, end, open] of gaps.slice(0, GAPS_LISTED)) {
      const until = open
        ? `at least ${formatInstant(new Date(end), zone)} (end of the check)`
        : formatInstant(new Date(end), zone);
      say(`nobody is on call for ${layer} from ${formatInstant(new Date(start), zone)} until ${until}`);
    }
    if (gaps.length > GAPS_LISTED) say(`…and ${gaps.length - GAPS_LISTED} more gaps for ${layer}`);
  }
  return problems;
}

function layerLabel(layer: string): string {
  return layer === PRIMARY_LAYER ? 'the rotation' : `layer "${layer}"`;
}

/** Stretches of [from, until) with nobody on call: [start, end, runsPastUntil]. */
function findGaps(timeline: LayerTimeline, from: number, until: number): [number, number, boolean][] {
  const gaps: [number, number, boolean][] = [];
  let gapStart: number | null = timeline.sourceAt(from) === null ? from : null;
  let cursor = from;
  while (cursor < until) {
    const change = timeline.nextChangeAfter(cursor);
    if (change === null || change >= until) break;
    const nobody = timeline.sourceAt(change) === null;
    if (nobody && gapStart === null) gapStart = change;
    if (!nobody && gapStart !== null) {
      gaps.push([gapStart, change, false]);
      gapStart = null;
    }
    cursor = change;
  }
  if (gapStart !== null) gaps.push([gapStart, until, true]);
  return gaps;
}
