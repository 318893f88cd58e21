import type { Clock } from '../../src/common/clock';

/** Time that moves only when a test says so. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-03-02T15:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
}

export const MINUTE = 60_000;
