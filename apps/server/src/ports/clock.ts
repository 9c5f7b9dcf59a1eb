/** The clock port: services take time from here so tests can move it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() }
