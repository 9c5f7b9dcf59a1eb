/**
 * @module A rate shared by every instance of the service (issue #22): the bot's overall send budget (architecture
 * §8: about 30 messages per second) and each portal's write-back request budget (about 2 requests per second),
 * either held by one process or shared through the Store, so several server instances (Vercel) together stay
 * within the rate instead of each spending all of it. A pause (Telegram's 429 `retry_after`) holds every instance.
 * @see https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
 * @see https://apidocs.bitrix24.com/limits.html
 */
import type { Store } from '../ports/store.ts'

/** Slots of one rate: one per send or request. */
export interface RateBudget {
  /**
   * Takes one slot at or after `earliestAt` (ms since the epoch) and returns the instant it starts; the
   * caller waits until then. Calls of one process are answered in order.
   */
  reserve(earliestAt: number): Promise<number>
  /**
   * Holds every later slot until `untilMs` (a Telegram 429's `retry_after`, a Bitrix24 503's backoff); an earlier
   * pause never shortens a later one.
   */
  pauseUntil(untilMs: number): Promise<void>
  /**
   * Until when the budget is paused (0 or a past instant: not paused). A slot reserved before a pause began is
   * not used while it lasts: its user asks this when the slot comes and reserves again after the pause.
   */
  heldUntil(): Promise<number>
}

/** Runs `work` after everything queued before it, so reservations of one process never interleave. */
function serialized() {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work)
    tail = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }
}

/** A budget for one process: slots spaced `1000 / perSecond` ms apart. */
export function createLocalRateBudget(options: { perSecond: number; now?: () => number }): RateBudget {
  const now = options.now ?? Date.now
  let nextAt = 0
  let pausedUntil = 0
  return {
    async reserve(earliestAt) {
      const at = Math.max(now(), earliestAt, nextAt)
      nextAt = at + 1_000 / options.perSecond
      return at
    },
    async pauseUntil(untilMs) {
      nextAt = Math.max(nextAt, untilMs)
      pausedUntil = Math.max(pausedUntil, untilMs)
    },
    async heldUntil() {
      return pausedUntil
    },
  }
}

/** Options of {@link createStoreRateBudget}. */
export interface StoreRateBudgetOptions {
  store: Store
  /** The store key of one part (a window's counter, the pause) of this budget, distinct from every other's. */
  keyOf: (part: string) => string
  perSecond: number
  /**
   * Slots per budget window; a window lasts `1000 * slotsPerWindow / perSecond` ms. Default 1: one slot per
   * 33⅓ ms at 30/s, so slots are spaced as evenly as one process's were.
   */
  slotsPerWindow?: number
  /** How long a read of the shared pause is trusted before it is read again (default 250 ms). */
  pauseCheckMs?: number
  now?: () => number
}

/**
 * A budget shared through the Store by every instance that uses the same store and keys. Time is cut into
 * windows of `slotsPerWindow` slots; a slot is one `increment` of the window's counter, kept when the count stays within the
 * window's share and otherwise tried in the next window. So all instances together start at most
 * `slotsPerWindow` slots per window: at most `perSecond` plus one window's share in any second
 * (instances' clocks are assumed to agree within a window or two). Each process remembers which windows it found
 * full, so a reservation costs about one store round trip per instance sharing the budget. A pause is a shared
 * document every instance rereads at most every `pauseCheckMs`.
 * @throws the Store's errors (the send or request then fails and the outbox retries it).
 */
export function createStoreRateBudget(options: StoreRateBudgetOptions): RateBudget {
  const { store, perSecond } = options
  const now = options.now ?? Date.now
  const pauseCheckMs = options.pauseCheckMs ?? 250
  const perWindow = Math.max(1, Math.floor(options.slotsPerWindow ?? 1))
  // Integer arithmetic on whole milliseconds, so window edges do not drift with floating-point thirds.
  const windowOf = (ms: number) => Math.floor((Math.floor(ms) * perSecond) / (1_000 * perWindow))
  const startOf = (window: number) => Math.ceil((window * 1_000 * perWindow) / perSecond)
  const windowKey = (window: number) => options.keyOf(String(window))
  const pauseKey = options.keyOf('pause')
  const inOrder = serialized()
  /** Windows before this one are known to be full. */
  let firstOpenWindow = 0
  let pause = { untilMs: 0, readAt: -Infinity }
  let pauseRead: Promise<number> | null = null

  /** The shared pause, read again once the last read is `pauseCheckMs` old (one read at a time). */
  function pausedUntil(): Promise<number> {
    if (now() - pause.readAt < pauseCheckMs) return Promise.resolve(pause.untilMs)
    pauseRead ??= store
      .get<{ untilMs: number }>(pauseKey)
      .then((stored) => {
        pause = { untilMs: Math.max(pause.untilMs, stored?.value.untilMs ?? 0), readAt: now() }
        return pause.untilMs
      })
      .finally(() => (pauseRead = null))
    return pauseRead
  }

  async function takeSlot(earliestAt: number): Promise<number> {
    const at = Math.max(now(), earliestAt, await pausedUntil())
    const firstOpen = Math.max(firstOpenWindow, windowOf(now()))
    let window = windowOf(at)
    // Only a search that starts at the first open window learns which windows are full (a send held back for its
    // chat starts later and skips open windows that other chats still use).
    const isFromFirstOpen = window <= firstOpen
    if (isFromFirstOpen) window = firstOpen
    for (;;) {
      const ttlMs = startOf(window + 1) - now() + 60_000
      const taken = await store.increment(windowKey(window), 1, ttlMs)
      if (isFromFirstOpen) firstOpenWindow = taken >= perWindow ? window + 1 : window
      if (taken <= perWindow) return Math.max(at, startOf(window))
      window += 1
    }
  }

  return {
    reserve: (earliestAt) => inOrder(() => takeSlot(earliestAt)),
    heldUntil: pausedUntil,
    async pauseUntil(untilMs) {
      pause = { ...pause, untilMs: Math.max(pause.untilMs, untilMs) }
      for (;;) {
        const stored = await store.get<{ untilMs: number }>(pauseKey)
        if ((stored?.value.untilMs ?? 0) >= untilMs) return
        if ((await store.compareAndSet(pauseKey, { untilMs }, stored?.version ?? 0)) !== null) return
      }
    },
  }
}

/**
 * Waits for a slot of `budget` at or after `earliestAt` and returns its instant; a slot that comes while the
 * budget is paused is given up for one after the pause.
 */
export async function waitForSlot(budget: RateBudget, earliestAt: number, now: () => number = Date.now) {
  for (let at = await budget.reserve(earliestAt); ;) {
    if (at > now()) await new Promise((resolve) => setTimeout(resolve, at - now()))
    const heldUntil = await budget.heldUntil()
    if (heldUntil <= now()) return at
    at = await budget.reserve(heldUntil)
  }
}
