import { describe, expect, it } from 'vitest'
import { FaultInjector } from './faults.ts'
import { RateLimiter } from './rate-limiter.ts'

describe('RateLimiter', () => {
  it('allows a burst per chat, then asks to retry after whole seconds, and refills over time', () => {
    let now = 0
    const limiter = new RateLimiter({ perChatBurst: 3, perChatPerSecond: 1 }, () => now)
    expect([limiter.take(1), limiter.take(1), limiter.take(1)]).toEqual([null, null, null])
    expect(limiter.take(1)).toBe(1)
    expect(limiter.take(2)).toBeNull()
    now = 1_000
    expect(limiter.take(1)).toBeNull()
    expect(limiter.take(1)).toBe(1)
  })

  it('limits all chats together and can be switched off', () => {
    const limiter = new RateLimiter({ globalBurst: 2, globalPerSecond: 0.5 }, () => 0)
    expect([limiter.take(1), limiter.take(2)]).toEqual([null, null])
    expect(limiter.take(3)).toBe(2)
    limiter.configure({ isEnabled: false })
    expect(limiter.take(3)).toBeNull()
  })
})

describe('FaultInjector', () => {
  it('fails only the matching calls, the given number of times', () => {
    const faults = new FaultInjector()
    faults.failNext(2, { method: 'sendMessage', error_code: 429, description: 'Too Many Requests: retry after 3' })
    expect(faults.take('getMe')).toEqual({ delayMs: 0 })
    expect(faults.take('sendMessage').error?.toEnvelope()).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 3',
    })
    expect(faults.take('sendMessage').error?.errorCode).toBe(429)
    expect(faults.take('sendMessage').error).toBeUndefined()
  })

  it('slows calls and forgets everything on clear', () => {
    const faults = new FaultInjector()
    faults.slowNext(1, 250)
    faults.failNext(5)
    expect(faults.take('editMessageText')).toMatchObject({ delayMs: 250, error: { errorCode: 500 } })
    faults.clear()
    expect(faults.take('editMessageText')).toEqual({ delayMs: 0 })
  })
})
