/** The only place that reads the wall clock. Everything else is handed a Clock (tests move it by hand). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The machine's clock, moved ahead by hand: the local Slack's "move time forward" drives the bot's
 * timers (escalations, reminders, handoffs) with it, so they can be watched in seconds. It never goes back.
 */
export class ShiftableClock implements Clock {
  private aheadMs = 0;

  now(): Date {
    return new Date(Date.now() + this.aheadMs);
  }

  /** How far ahead of the machine's clock, in ms. */
  get ahead(): number {
    return this.aheadMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`a clock moves forward only (got ${ms} ms)`);
    this.aheadMs += ms;
  }
}
