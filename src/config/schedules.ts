/** Glue between the policy file and the schedule parser (config/scheduleSchema.ts). */
import { parseSchedules } from './scheduleSchema';
import { layerNames, PRIMARY_LAYER, type ScheduleSpec } from './scheduleTypes';

export function buildSchedules(raw: Record<string, unknown>, problems: string[]): Record<string, ScheduleSpec> {
  const parsed = parseSchedules(raw);
  problems.push(...parsed.problems);
  return parsed.schedules;
}

/** `schedule:primary` is the primary layer; `schedule:primary/secondary` names a layer. */
export function splitScheduleTarget(name: string): { schedule: string; layer: string } {
  const slash = name.indexOf('/');
  return slash < 0
    ? { schedule: name, layer: PRIMARY_LAYER }
    : { schedule: name.slice(0, slash), layer: name.slice(slash + 1) };
}

export function scheduleTargetProblem(name: string, schedules: Record<string, ScheduleSpec>): string | null {
  const { schedule, layer } = splitScheduleTarget(name);
  const spec = schedules[schedule];
  if (!spec) return `schedule "${schedule}" is not defined under schedules`;
  if (!layerNames(spec).includes(layer))
    return `schedule "${schedule}" has no layer "${layer}" (it has ${layerNames(spec).join(', ')})`;
  return null;
}
