/**
 * Operators' preview of on-call schedules, from the same policy file the bot reads:
 *
 *   npm run oncall -- <schedule> [--at <time>] [--next N] [--layer NAME] [--config PATH]
 *   npm run oncall                     # everyone on call now, every schedule
 *
 * `--at` is "2026-03-08 09:00" in the schedule's zone or ISO with an offset ("2026-03-08T15:00Z");
 * default now. `--next` (default 3) lists the shifts after the current one. Times print in the
 * schedule's zone and in UTC, with each shift's length, so 167 h/169 h DST weeks are visible.
 *
 * Reads only the `schedules` key, with the schedule schema, so it works before the full policy
 * loader (src/config/policy.ts) is finished. File: --config, else $INCIDENT_CONFIG, else
 * ./incident.config.yml.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseSchedules } from '../src/config/scheduleSchema';
import {
  TIME_FORMS,
  currentShift,
  formatHandoff,
  formatInstant,
  formatShiftLength,
  layerNames,
  nextShifts,
  parseTimeText,
  PRIMARY_LAYER,
  type ScheduleSpec,
  type Shift,
} from '../src/schedules/rotation';

const USAGE = 'usage: npm run oncall -- [<schedule>] [--at <time>] [--next N] [--layer NAME] [--config PATH]';
const DEFAULT_NEXT = 3;

export interface OncallIo {
  env: Record<string, string | undefined>;
  now: Date;
  readFile(path: string): string;
  out(line: string): void;
  err(line: string): void;
}

interface Options {
  schedule?: string;
  at?: string;
  next: number;
  layer?: string;
  config?: string;
}

/** Runs the preview; returns the exit code (0 ok, 1 config problem, 2 bad arguments). */
export function runOncall(argv: string[], io: OncallIo): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    io.err(options);
    io.err(USAGE);
    return 2;
  }
  const path = options.config ?? (io.env.INCIDENT_CONFIG?.trim() || './incident.config.yml');
  let raw: unknown;
  try {
    raw = parseYaml(io.readFile(path));
  } catch (error) {
    io.err(`Cannot read ${path}: ${(error as Error).message}`);
    return 1;
  }
  const { schedules, problems } = parseSchedules((raw as { schedules?: unknown } | null)?.schedules);
  for (const problem of problems) io.err(`${path}: ${problem}`);

  const names = options.schedule === undefined ? Object.keys(schedules) : [options.schedule];
  if (names.length === 0) {
    io.err(problems.length ? 'No valid schedules.' : `${path} has no schedules.`);
    return 1;
  }
  for (const name of names) {
    const schedule = schedules[name];
    if (!schedule) {
      io.err(
        problems.some((p) => p.startsWith(`schedules.${name}`))
          ? `Schedule "${name}" has the problems above.`
          : `No schedule "${name}" in ${path} (schedules: ${Object.keys(schedules).join(', ') || 'none'}).`,
      );
      return problems.length ? 1 : 2;
    }
    const code = printSchedule(schedule, options, io, options.schedule !== undefined);
    if (code !== 0) return code;
  }
  return 0;
}

function printSchedule(schedule: ScheduleSpec, options: Options, io: OncallIo, withNext: boolean): number {
  const zone = schedule.timezone;
  const at = options.at === undefined ? io.now : parseTimeText(options.at, zone);
  if (!at) {
    io.err(`--at "${options.at}" is not a time: write ${TIME_FORMS}`);
    return 2;
  }
  const layers = options.layer === undefined ? layerNames(schedule) : [options.layer];
  const unknown = layers.find((l) => !layerNames(schedule).includes(l));
  if (unknown) {
    io.err(`Schedule "${schedule.name}" has no layer "${unknown}" (layers: ${layerNames(schedule).join(', ')}).`);
    return 2;
  }

  io.out(
    `${schedule.name}: ${zone}, ${formatShiftLength(schedule.shift)} shifts, handoff ${formatHandoff(schedule.handoff)}, ` +
      `members ${schedule.members.join(', ') || '(none)'}`,
  );
  io.out(`At ${formatInstant(at, zone)}:`);
  // Every schedule's first layer is "primary": with all schedules listed, a row names its schedule
  // as a target does (nights, primary/secondary), or a second schedule's row would read "primary".
  const label = (layer: string) => (withNext ? layer : scheduleTargetName(schedule.name, layer));
  const width = Math.max(...layers.map((l) => label(l).length));
  for (const layer of layers) {
    const shift = currentShift(schedule, at, layer);
    io.out(`  ${label(layer).padEnd(width)}  ${shift ? describeShift(shift, zone) : 'nobody'}`);
  }
  if (!withNext) return 0;
  for (const layer of layers) {
    io.out(`Next ${options.next} shift(s), ${layer}:`);
    const current = currentShift(schedule, at, layer);
    let previousEnd = current?.end ?? at;
    const upcoming = nextShifts(schedule, at, options.next, layer);
    for (const shift of upcoming) {
      if (shift.start.getTime() > previousEnd.getTime()) io.out(`  nobody from ${formatInstant(previousEnd, zone)}`);
      io.out(`  ${describeShift(shift, zone)}`);
      previousEnd = shift.end;
    }
    if (upcoming.length < options.next) io.out(`  nobody from ${formatInstant(previousEnd, zone)} on`);
  }
  return 0;
}

/** How a target names this layer: `schedule:<name>` for primary, `schedule:<name>/<layer>` for the others. */
function scheduleTargetName(schedule: string, layer: string): string {
  return layer === PRIMARY_LAYER ? schedule : `${schedule}/${layer}`;
}

function describeShift(shift: Shift, zone: string): string {
  // In hours, not days: a DST week should read 167h or 169h, not "6d 23h".
  const minutes = Math.round((shift.end.getTime() - shift.start.getTime()) / 60_000);
  const length = `${Math.floor(minutes / 60)}h${minutes % 60 ? ` ${minutes % 60}m` : ''}`;
  return (
    `${shift.user}${shift.override ? ' (override)' : ''}  ${formatInstant(shift.start, zone)} → ` +
    `${formatInstant(shift.end, zone)}  [${length}]`
  );
}

function parseArgs(argv: string[]): Options | string {
  const options: Options = { next: DEFAULT_NEXT };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--at') options.at = value();
    else if (flag === '--layer') options.layer = value();
    else if (flag === '--config') options.config = value();
    else if (flag === '--next') {
      const text = value() ?? '';
      if (!/^\d+$/.test(text) || Number(text) > 1000)
        return `--next must be a whole number from 0 to 1000, not "${text}"`;
      options.next = Number(text);
    } else if (flag.startsWith('-')) return `unknown option ${flag}`;
    else if (options.schedule === undefined) options.schedule = arg;
    else return `one schedule at a time (got "${options.schedule}" and "${arg}")`;
    for (const key of ['at', 'layer', 'config'] as const) {
      if (key in options && options[key] === undefined) return `--${key} needs a value`;
    }
  }
  return options;
}

if (require.main === module) {
  process.exitCode = runOncall(process.argv.slice(2), {
    env: process.env,
    now: new Date(),
    readFile: (path) => readFileSync(path, 'utf8'),
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
}
