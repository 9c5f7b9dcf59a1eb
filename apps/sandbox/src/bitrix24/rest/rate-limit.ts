/**
 * @module The per-portal leaky bucket of §3.8: each request adds one, the level drains by `drainRate`
 * per second, and a request that would overflow `burstLimit` is refused with 503 `QUERY_LIMIT_EXCEEDED`.
 */
import type { RateLimitOptions } from '../portal.ts'

/** A leaky bucket; `tryTake` answers whether one more request fits now. */
export interface LeakyBucket {
  tryTake: (nowMs: number, options: RateLimitOptions) => boolean
  reset: () => void
}

/** Creates an empty bucket. */
export function createLeakyBucket(): LeakyBucket {
  let level = 0
  let lastMs = 0
  return {
    tryTake(nowMs, options) {
      if (lastMs > 0) level = Math.max(0, level - ((nowMs - lastMs) / 1000) * options.drainRate)
      lastMs = nowMs
      if (level + 1 > options.burstLimit) return false
      level += 1
      return true
    },
    reset() {
      level = 0
      lastMs = 0
    },
  }
}
