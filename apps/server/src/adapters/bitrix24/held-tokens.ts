/**
 * @module The token pair one SDK client holds, and when to ask the token source for a new one. The SDK captures
 * a request's token before the request waits in its rate limiter, so a request can leave with the previous token
 * after a refresh has already settled. Its 401 must not spend the fresh refresh token a second time: only a
 * refusal of the held token itself, or the held token's own expiry, leads to a refresh.
 */
import type { PortalTokens, PortalTokenSource } from '../../ports/portal.ts'

/** Tokens expiring sooner than this are refreshed before use. */
const expiryMarginMs = 30_000

/** The pair a client holds. */
export interface HeldTokens {
  /** Notes that Bitrix24 refused an access token (a 401); `undefined` when the request's token is unknown. */
  rejected(accessToken: string | undefined): void
  /** The pair to use after a 401 or at expiry: the held one unless it was refused or is expiring. */
  refresh(): Promise<PortalTokens>
}

/** Holds `initial` (the stored pair the client was built with) and refreshes through `source`. */
export function createHeldTokens(
  source: PortalTokenSource,
  initial: PortalTokens,
  now: () => number = Date.now,
): HeldTokens {
  let held = initial
  let isHeldRejected = false
  return {
    rejected(accessToken) {
      if (accessToken === undefined || accessToken === held.accessToken) isHeldRejected = true
    },
    async refresh() {
      if (!isHeldRejected && held.expiresAt > now() + expiryMarginMs) return held
      const fresh = await source.refresh(held.refreshToken)
      held = fresh
      isHeldRejected = false
      return held
    },
  }
}
