import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../../adapters/store/sqlite/sqlite-store.ts'
import { issueLinkCode, redeemLinkCode } from './link-codes.ts'
import { bindTelegram, findLinkByUser, linkedAccounts, unbindTelegram } from './telegram-links.ts'

let now = Date.parse('2026-11-25T12:00:00Z')
const store = openSqliteStore({ file: ':memory:', now: () => now })
const clock = { now: () => now }
afterEach(() => void (now += 60 * 60_000))

const link = (memberId: string, userId: number, telegramId: number) => ({
  memberId,
  userId,
  telegramId,
  portalDomain: `${memberId}.bitrix24.ru`,
  userName: `User ${userId}`,
  linkedAt: new Date(now).toISOString(),
})

describe('link records', () => {
  it('lets one Telegram account serve users of several portals', async () => {
    await bindTelegram(store, link('portal_a', 3, 111))
    await bindTelegram(store, link('portal_b', 8, 111))
    expect((await linkedAccounts(store, 111)).map((l) => [l.memberId, l.userId])).toEqual([
      ['portal_a', 3],
      ['portal_b', 8],
    ])
  })

  it('gives a Bitrix24 user at most one Telegram account: re-linking replaces', async () => {
    const { replacedTelegramAccount } = await bindTelegram(store, link('portal_a', 3, 222))
    expect(replacedTelegramAccount).toBe(true)
    expect((await findLinkByUser(store, 'portal_a', 3))?.telegramId).toBe(222)
    expect((await linkedAccounts(store, 111)).map((l) => l.memberId)).toEqual(['portal_b'])
  })

  it('unlinks every portal of an account', async () => {
    expect((await unbindTelegram(store, 111)).map((l) => l.memberId)).toEqual(['portal_b'])
    expect(await findLinkByUser(store, 'portal_b', 8)).toBeNull()
    expect(await findLinkByUser(store, 'portal_a', 3)).not.toBeNull()
  })
})

describe('link codes', () => {
  const claim = { memberId: 'portal_a', portalDomain: 'a.bitrix24.ru', userId: 5, userName: 'Ольга' }

  it('are 144-bit base64url, single use, and answer "used" afterwards', async () => {
    const { code, expiresAt } = await issueLinkCode({ store, clock }, claim)
    expect(code).toMatch(/^[A-Za-z0-9_-]{24}$/)
    expect(Date.parse(expiresAt) - now).toBe(72 * 3_600_000)
    const results = await Promise.all([1, 2, 3].map(() => redeemLinkCode(store, code)))
    expect(results.filter((r) => typeof r === 'object')).toEqual([claim])
    expect(results.filter((r) => r === 'used')).toHaveLength(2)
  })

  it('expire after 72 hours', async () => {
    const { code } = await issueLinkCode({ store, clock }, claim)
    now += 72 * 3_600_000 + 1
    expect(await redeemLinkCode(store, code)).toBe('expired')
    expect(await redeemLinkCode(store, 'not a code')).toBe('expired')
  })
})
