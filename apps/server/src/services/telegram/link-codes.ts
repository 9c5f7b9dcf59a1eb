/**
 * @module One-time link codes (architecture §7): 144 random bits in base64url (24 characters, fits
 * Telegram's 64-character `start` payload), single use (`takeTemp`), valid for 72 hours, made for one portal
 * user in the app and redeemed by `/start <code>`. Only a SHA-256 of the code is used as a store key.
 * @see https://core.telegram.org/bots/features#deep-linking
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Clock } from '../../ports/clock.ts'
import { globalKey, type Store } from '../../ports/store.ts'

/**
 * How long a link code is valid: 72 hours, so an invitation sent on Friday still works on Monday (it is single
 * use, so a longer life lets nobody in twice).
 */
export const linkCodeTtlMs = 72 * 60 * 60_000

/** How long a redeemed code is remembered as used (to answer "already used" rather than "expired"). */
const usedMarkTtlMs = 24 * 60 * 60_000

const codePattern = /^[A-Za-z0-9_-]{24}$/

/** Who a code links: a portal user as the app knew them when the code was made. */
export interface LinkCodeClaim {
  memberId: string
  portalDomain: string
  userId: number
  userName: string
}

function codeHash(code: string): string {
  return createHash('sha256').update(code).digest('hex').slice(0, 40)
}

/** Makes a new code for a portal user. */
export async function issueLinkCode(
  deps: { store: Store; clock: Clock },
  claim: LinkCodeClaim,
): Promise<{ code: string; expiresAt: string }> {
  for (;;) {
    const code = randomBytes(18).toString('base64url')
    if (await deps.store.putIfAbsent(globalKey('tg', 'link-code', codeHash(code)), claim, linkCodeTtlMs)) {
      return { code, expiresAt: new Date(deps.clock.now() + linkCodeTtlMs).toISOString() }
    }
  }
}

/**
 * Redeems a code once: the claim, or `used` (redeemed before, within a day) or `expired` (too old, or never
 * issued). Of concurrent redeemers exactly one gets the claim.
 */
export async function redeemLinkCode(store: Store, code: string): Promise<LinkCodeClaim | 'used' | 'expired'> {
  if (!codePattern.test(code)) return 'expired'
  const hash = codeHash(code)
  const claim = await store.takeTemp<LinkCodeClaim>(globalKey('tg', 'link-code', hash))
  if (claim) {
    await store.putIfAbsent(globalKey('tg', 'link-code-used', hash), true, usedMarkTtlMs)
    return claim
  }
  return (await store.getTemp<boolean>(globalKey('tg', 'link-code-used', hash))) ? 'used' : 'expired'
}
