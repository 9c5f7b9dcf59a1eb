/**
 * @module Single-flight OAuth refresh across processes (architecture §8): Bitrix24 rotates refresh tokens, so two
 * instances refreshing one pair at once would lock its owner out. The first caller takes a store lease, exchanges
 * the token and persists the new pair before releasing; the others wait for the lease and pick the stored pair
 * up. Used for a portal's application tokens (`portal-tokens.ts`) and a signed-in user's own (`user-sessions.ts`).
 */
import { randomUUID } from 'node:crypto'
import { UpstreamError } from '../ports/errors.ts'
import type { PortalTokens } from '../ports/portal.ts'
import type { Store } from '../ports/store.ts'

/** Tokens expiring sooner than this are treated as expired (clock skew, request time). */
export const expiryMarginMs = 30_000
const pollMs = 50

/** One pair's refresh: where it is stored and how it is exchanged. */
export interface RefreshPlan {
  store: Store
  /** The lease key (a tenant key of the pair's portal). */
  leaseName: string
  /** Milliseconds since the epoch, from the service's clock. */
  now: () => number
  /** Reads the stored pair. @throws when its owner is gone (the caller's AuthError). */
  read: () => Promise<PortalTokens>
  /** Exchanges the stored pair at the OAuth server and persists the answer; runs under the lease only. */
  exchange: () => Promise<PortalTokens>
  /** How long one refresh may hold the lease (default 20 s). */
  leaseMs?: number
  /** How long a waiter waits for another process's refresh before giving up (default 25 s). */
  waitMs?: number
}

/** True when the stored pair is not the one the caller gave up on and is still fresh: someone refreshed. */
function isNewer(now: number, tokens: PortalTokens, staleRefreshToken: string): boolean {
  return tokens.refreshToken !== staleRefreshToken && tokens.expiresAt > now + expiryMarginMs
}

/**
 * Returns a fresh pair, given the refresh token the caller last saw: the stored pair when another process has
 * already rotated it, otherwise the one exchange of `plan` (at most one per stale pair across every process).
 * @throws what `read` and `exchange` throw; UpstreamError `TOKEN_REFRESH_TIMEOUT` when another process held the
 * lease too long.
 */
export async function refreshOnce(plan: RefreshPlan, staleRefreshToken: string): Promise<PortalTokens> {
  const holder = randomUUID()
  const giveUpAt = Date.now() + (plan.waitMs ?? 25_000)
  while (Date.now() < giveUpAt) {
    const stored = await plan.read()
    if (isNewer(plan.now(), stored, staleRefreshToken)) return stored
    if (await plan.store.acquireLease(plan.leaseName, holder, plan.leaseMs ?? 20_000)) {
      try {
        // Re-check under the lease: the previous holder may have finished between our read and our lease.
        const again = await plan.read()
        if (isNewer(plan.now(), again, staleRefreshToken)) return again
        return await plan.exchange()
      } finally {
        await plan.store.releaseLease(plan.leaseName, holder)
      }
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
  throw new UpstreamError('TOKEN_REFRESH_TIMEOUT', 'Another instance is still refreshing the token')
}
