/**
 * @module Pacing of outgoing Bot API sends (architecture §8, issue 8 §6): about one message per second per chat and
 * thirty per second overall, and a 429's `retry_after` pauses every send of this process before the call is tried
 * again (up to five attempts; then the RateLimitedError goes to the outbox, which retries later).
 * @see https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
 */
import { RateLimitedError } from '../../ports/errors.ts'

/** Pacing limits. */
export interface PacerLimits {
  perChatIntervalMs: number
  globalPerSecond: number
  maxAttempts: number
}

/** Runs sends in paced slots. */
export interface SendPacer {
  /** Waits for a slot for `chatId`, runs `send`, and on a 429 waits `retry_after` and tries again. */
  run<T>(chatId: number, send: () => Promise<T>): Promise<T>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Creates a pacer (in-process: one instance per process, shared by every send). */
export function createSendPacer(limits: Partial<PacerLimits> = {}, now: () => number = Date.now): SendPacer {
  const { perChatIntervalMs = 1_000, globalPerSecond = 30, maxAttempts = 5 } = limits
  let nextGlobalAt = 0
  const nextChatAt = new Map<number, number>()
  async function slot(chatId: number) {
    const current = now()
    const at = Math.max(current, nextGlobalAt, nextChatAt.get(chatId) ?? 0)
    nextGlobalAt = at + 1_000 / globalPerSecond
    nextChatAt.set(chatId, at + perChatIntervalMs)
    if (nextChatAt.size > 10_000) nextChatAt.clear()
    if (at > current) await sleep(at - current)
  }
  return {
    async run(chatId, send) {
      for (let attempt = 1; ; attempt += 1) {
        await slot(chatId)
        try {
          return await send()
        } catch (error) {
          if (!(error instanceof RateLimitedError) || attempt >= maxAttempts) throw error
          nextGlobalAt = Math.max(nextGlobalAt, now() + error.retryAfterMs)
        }
      }
    },
  }
}
