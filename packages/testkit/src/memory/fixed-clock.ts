import type { Clock } from '@mostrador/core';

export interface Duration {
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
  readonly milliseconds?: number;
}

const toMilliseconds = (duration: Duration | number): number =>
  typeof duration === 'number'
    ? duration
    : (((duration.days ?? 0) * 24 + (duration.hours ?? 0)) * 60 + (duration.minutes ?? 0)) * 60_000 +
      (duration.seconds ?? 0) * 1000 +
      (duration.milliseconds ?? 0);

/** A clock that only moves when told to. `now()` returns a fresh Date each time. */
export class FixedClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2025-03-10T12:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  /** Moves forward (or back, with a negative amount) by milliseconds or a duration. */
  advance(by: Duration | number): Date {
    this.current += toMilliseconds(by);
    return this.now();
  }
}
