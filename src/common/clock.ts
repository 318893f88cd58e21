/** The only place that reads the wall clock. Everything else is handed a Clock (tests move it by hand). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
