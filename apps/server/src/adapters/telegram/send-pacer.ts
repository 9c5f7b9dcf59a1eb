/**
 * @module Pacing of outgoing Bot API sends (architecture §8): about one message per second per chat, and
 * thirty per second overall through a {@link SendBudget} (per process, or shared by every instance through the
 * Store). A 429's `retry_after` pauses the budget before the call is tried again (up to five attempts; then the
 * RateLimitedError goes to the outbox, which retries later).
 * @see https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
 */
import { RateLimitedError } from '../../ports/errors.ts'
import { waitForSlot } from '../rate-budget.ts'
import { createLocalSendBudget, type SendBudget } from './send-budget.ts'

/** Pacing limits. */
export interface PacerLimits {
  perChatIntervalMs: number
  /** The overall rate of the default, per-process budget (a passed `budget` carries its own). */
  globalPerSecond: number
  maxAttempts: number
}

/** Runs sends in paced slots. */
export interface SendPacer {
  /** Waits for a slot for `chatId`, runs `send`, and on a 429 waits `retry_after` and tries again. */
  run<T>(chatId: number, send: () => Promise<T>): Promise<T>
}

/**
 * Creates a pacer. Sends to one chat take their slots one after the other, each at least `perChatIntervalMs`
 * after the previous one's; every slot also comes from the overall `budget` (default: this process only), and no
 * send starts while the budget is paused by a 429.
 */
export function createSendPacer(
  limits: Partial<PacerLimits> = {},
  options: { budget?: SendBudget; now?: () => number } = {},
): SendPacer {
  const { perChatIntervalMs = 1_000, globalPerSecond = 30, maxAttempts = 5 } = limits
  const now = options.now ?? Date.now
  const budget = options.budget ?? createLocalSendBudget({ perSecond: globalPerSecond, now })
  /** Per chat, the slot of its newest send (a chain, so a chat's sends are reserved in call order). */
  const lastSlotOf = new Map<number, Promise<number>>()

  async function slot(chatId: number) {
    if (lastSlotOf.size > 10_000) lastSlotOf.clear()
    const previous = lastSlotOf.get(chatId) ?? Promise.resolve(-Infinity)
    const taken = previous.then((lastAt) => waitForSlot(budget, Math.max(now(), lastAt + perChatIntervalMs), now))
    // The chain only orders the chat's sends; a failed reservation still fails this send through `taken`.
    lastSlotOf.set(
      chatId,
      taken.catch(() => -Infinity),
    )
    await taken
  }

  return {
    async run(chatId, send) {
      for (let attempt = 1; ; attempt += 1) {
        await slot(chatId)
        try {
          return await send()
        } catch (error) {
          if (!(error instanceof RateLimitedError) || attempt >= maxAttempts) throw error
          await budget.pauseUntil(now() + error.retryAfterMs)
        }
      }
    },
  }
}
