import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../../adapters/store/sqlite/sqlite-store.ts'
import { RateLimitedError } from '../../ports/errors.ts'
import { countSubmission, type LeadLimits } from './lead-limits.ts'

const limits: LeadLimits = {
  perAddress: { count: 3, windowMs: 60_000 },
  perSite: { count: 4, windowMs: 60_000 },
  chunksPerAddress: { count: 10, windowMs: 60_000 },
}
const store = openSqliteStore({ file: ':memory:' })
afterEach(async () => {
  await store.purgePortal('portal.one')
})

async function outcome(address: string, now: number): Promise<number | 'ok'> {
  try {
    await countSubmission(store, limits, { memberId: 'portal.one', siteKey: 'site', address, now })
    return 'ok'
  } catch (error) {
    if (error instanceof RateLimitedError) return error.retryAfterMs
    throw error
  }
}

describe('countSubmission', () => {
  it('limits one address, then the whole site, and says how long to wait', async () => {
    const now = 6_000_000 + 15_000
    expect([await outcome('a', now), await outcome('a', now), await outcome('a', now)]).toEqual(['ok', 'ok', 'ok'])
    expect(await outcome('a', now)).toBe(45_000)
    expect(await outcome('b', now)).toBe('ok') // the site's fourth
    expect(await outcome('d', now)).toBe(45_000) // a new address, but the site is full
  })

  it('starts afresh in the next window', async () => {
    const now = 12_000_000
    for (let i = 0; i < 3; i += 1) await outcome('c', now)
    expect(await outcome('c', now + 60_000)).toBe('ok')
  })
})
