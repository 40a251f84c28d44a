import type { Clock } from './types.ts';

/**
 * The emulator's clock: real time plus an offset that only moves forward through
 * {@link AdjustableClock.advance}. Token expiry and the anonymization flow read it, so a test can
 * expire a token or finish an anonymization without waiting.
 */
export interface AdjustableClock extends Clock {
  /** Milliseconds added to real time. */
  readonly offsetMs: number;
  /** Moves the clock forward (a negative value moves it back) and returns the new time. */
  advance(ms: number): Date;
  /** Back to real time. */
  reset(): void;
}

export function createClock(initialOffsetMs = 0): AdjustableClock {
  let offsetMs = initialOffsetMs;
  return {
    get offsetMs() {
      return offsetMs;
    },
    now: () => new Date(Date.now() + offsetMs),
    advance(ms: number) {
      if (!Number.isFinite(ms)) {
        throw new RangeError(`advance expects a finite number of milliseconds, got ${ms}`);
      }
      offsetMs += ms;
      return new Date(Date.now() + offsetMs);
    },
    reset() {
      offsetMs = 0;
    },
  };
}
