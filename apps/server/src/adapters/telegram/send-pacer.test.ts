import { describe, expect, it } from 'vitest'
import { RateLimitedError } from '../../ports/errors.ts'
import { createSendPacer } from './send-pacer.ts'

describe('createSendPacer', () => {
  it('spaces sends to one chat by the per-chat interval and overall by the global rate', async () => {
    const pacer = createSendPacer({ perChatIntervalMs: 100, globalPerSecond: 50 })
    const at: number[] = []
    const started = Date.now()
    await Promise.all([1, 1, 1].map((chat) => pacer.run(chat, async () => at.push(Date.now() - started))))
    expect(at[1]!).toBeGreaterThanOrEqual(95)
    expect(at[2]!).toBeGreaterThanOrEqual(195)
    const other: number[] = []
    const t0 = Date.now()
    await Promise.all([2, 3, 4, 5].map((chat) => pacer.run(chat, async () => other.push(Date.now() - t0))))
    expect(other.at(-1)!).toBeGreaterThanOrEqual(55)
  })

  it('waits retry_after after a 429 and tries again, then gives up with the RateLimitedError', async () => {
    const pacer = createSendPacer({ perChatIntervalMs: 0, globalPerSecond: 1000, maxAttempts: 2 })
    let calls = 0
    const started = Date.now()
    const result = await pacer.run(9, async () => {
      calls += 1
      if (calls === 1) throw new RateLimitedError('TELEGRAM_RATE_LIMITED', 'slow down', 150)
      return 'sent'
    })
    expect(result).toBe('sent')
    expect(Date.now() - started).toBeGreaterThanOrEqual(145)
    const failing = pacer.run(9, async () => {
      throw new RateLimitedError('TELEGRAM_RATE_LIMITED', 'slow down', 10)
    })
    await expect(failing).rejects.toBeInstanceOf(RateLimitedError)
  })

  it('holds a send whose slot was reserved before a 429 until retry_after has passed', async () => {
    const pacer = createSendPacer({ perChatIntervalMs: 0, globalPerSecond: 10 })
    const started = Date.now()
    const at: Record<string, number> = {}
    let isFirstTry = true
    await Promise.all([
      pacer.run(1, async () => {
        if (isFirstTry) {
          isFirstTry = false
          throw new RateLimitedError('TELEGRAM_RATE_LIMITED', 'slow down', 300)
        }
        at['retried'] = Date.now() - started
      }),
      pacer.run(2, async () => void (at['queued'] = Date.now() - started)),
    ])
    expect(at['queued']!).toBeGreaterThanOrEqual(295)
    expect(at['retried']!).toBeGreaterThanOrEqual(295)
  })
})
