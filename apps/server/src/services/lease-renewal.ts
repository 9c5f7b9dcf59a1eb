/**
 * @module Keeping a lease or a queue claim alive while work runs. Leases stay short, so a crashed worker's work
 * is picked up within seconds (write-backs within 30 s, Telegram updates within 60 s after a `kill -9`),
 * and a live worker renews them as often as needed however long its work takes.
 */

/** A running renewal. */
export interface Renewal {
  /** Stops renewing (the lease then ends by itself, or is released by its holder). */
  stop(): void
  /** True once a renewal was refused: another worker owns the lease now, so this one must stop writing. */
  isLost(): boolean
}

/**
 * Calls `renew` every `everyMs` until stopped. A refusal (`false`) marks the renewal lost and ends it; a failure
 * (the store did not answer) is logged and the next renewal tries again, while the lease still runs.
 */
export function keepRenewed(renew: () => Promise<boolean>, everyMs: number, what: string): Renewal {
  let isLost = false
  let isRunning = false
  const timer = setInterval(() => {
    if (isRunning) return
    isRunning = true
    renew()
      .then((isRenewed) => {
        if (isRenewed) return
        isLost = true
        clearInterval(timer)
      })
      .catch((error: unknown) => {
        console.warn(`lease: renewing ${what} failed, trying again:`, error instanceof Error ? error.message : error)
      })
      .finally(() => void (isRunning = false))
  }, everyMs)
  timer.unref()
  return { stop: () => clearInterval(timer), isLost: () => isLost }
}
