/**
 * Which rotation answers for a layer: `primary` is the schedule's own; an `offset` layer reads the
 * same rotation a few members further on; a `rotation` layer has its own members and times.
 */
import { layerNames, PRIMARY_LAYER, type Rotation, type ScheduleSpec } from '../../config/scheduleTypes';

export { layerNames };
import { Handoffs } from './rotation';

export interface LayerRotation {
  handoffs: Handoffs;
  /** Added to the shift index when picking the member. */
  offset: number;
}

export class UnknownLayerError extends Error {
  constructor(schedule: ScheduleSpec, layer: string) {
    super(`Schedule "${schedule.name}" has no layer "${layer}" (it has: ${layerNames(schedule).join(', ')})`);
  }
}

export function rotationOfLayer(schedule: ScheduleSpec, layer: string): Rotation {
  if (layer === PRIMARY_LAYER) return schedule;
  const spec = Object.prototype.hasOwnProperty.call(schedule.layers, layer) ? schedule.layers[layer] : undefined;
  if (!spec) throw new UnknownLayerError(schedule, layer);
  return spec.kind === 'rotation' ? spec.rotation : schedule;
}

export function resolveLayer(schedule: ScheduleSpec, layer: string): LayerRotation {
  const rotation = rotationOfLayer(schedule, layer);
  const spec = layer === PRIMARY_LAYER ? undefined : schedule.layers[layer];
  return {
    handoffs: new Handoffs(rotation, schedule.timezone),
    offset: spec?.kind === 'offset' ? spec.offset : 0,
  };
}
