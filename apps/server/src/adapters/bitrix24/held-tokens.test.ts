import { describe, expect, it } from 'vitest'
import type { PortalTokens, PortalTokenSource } from '../../ports/portal.ts'
import { createHeldTokens } from './held-tokens.ts'

const hour = 3_600_000
const t = 1_000_000

function pair(n: number, expiresAt = t + hour): PortalTokens {
  return { accessToken: `a${n}`, refreshToken: `r${n}`, expiresAt, userId: 1, scope: 'crm' }
}

/** A token source that rotates on every call and records the refresh token it was given. */
function rotatingSource(ttl = hour) {
  const asked: string[] = []
  const source: PortalTokenSource = {
    current: async () => pair(0),
    refresh: async (stale) => {
      asked.push(stale)
      return pair(asked.length, t + ttl)
    },
  }
  return { source, asked }
}

describe('the held token pair', () => {
  it('refreshes with the held refresh token when Bitrix24 refuses the held access token', async () => {
    const { source, asked } = rotatingSource()
    const held = createHeldTokens(source, pair(0), () => t)
    held.rejected('a0')
    expect((await held.refresh()).accessToken).toBe('a1')
    held.rejected('a1')
    expect((await held.refresh()).accessToken).toBe('a2')
    expect(asked).toEqual(['r0', 'r1'])
  })

  it('answers the 401 of a request that left with the previous token with the pair it holds', async () => {
    const { source, asked } = rotatingSource()
    const held = createHeldTokens(source, pair(0), () => t)
    held.rejected('a0')
    await held.refresh()
    held.rejected('a0')
    expect((await held.refresh()).accessToken).toBe('a1')
    expect(asked).toEqual(['r0'])
  })

  it('refreshes a held pair that expires, refused or not', async () => {
    const { source, asked } = rotatingSource(10_000)
    const held = createHeldTokens(source, pair(0, t + 10_000), () => t)
    expect((await held.refresh()).accessToken).toBe('a1')
    expect((await held.refresh()).accessToken).toBe('a2')
    expect(asked).toEqual(['r0', 'r1'])
  })

  it('refreshes when the refused token could not be read', async () => {
    const { source, asked } = rotatingSource()
    const held = createHeldTokens(source, pair(0), () => t)
    held.rejected(undefined)
    expect((await held.refresh()).accessToken).toBe('a1')
    expect(asked).toEqual(['r0'])
  })
})
