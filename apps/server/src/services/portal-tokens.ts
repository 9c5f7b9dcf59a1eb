/**
 * @module A portal's application tokens over the Store: read, and refreshed single-flight across processes
 * (`single-flight-refresh.ts`) at the portal's trusted OAuth server.
 */
import { AuthError } from '../ports/errors.ts'
import type { Clock } from '../ports/clock.ts'
import type { OAuthServer, PortalTokens, PortalTokenSource } from '../ports/portal.ts'
import type { SecretBox } from '../ports/secret-box.ts'
import { tenantKey, type Store } from '../ports/store.ts'
import { refreshOnce } from './single-flight-refresh.ts'
import { indexPortalStatus, loadPortalRecord, openTokens, sealTokens, updatePortalRecord } from './portal-records.ts'

/** What the token source needs. */
export interface PortalTokenDeps {
  store: Store
  secretBox: SecretBox
  oauthServer: OAuthServer
  clock: Clock
  /** How long one refresh may hold the lease (default 20 s). */
  leaseMs?: number
  /** How long a waiter waits for another process's refresh before giving up (default 25 s). */
  waitMs?: number
}

function needsReauthorization(): AuthError {
  return new AuthError('PORTAL_NEEDS_REAUTHORIZATION', 'The portal must reinstall or reopen the app to reconnect it')
}

async function storedTokens(deps: PortalTokenDeps, memberId: string): Promise<PortalTokens> {
  const record = await loadPortalRecord(deps.store, memberId)
  if (!record || record.value.status === 'uninstalled') {
    throw new AuthError('PORTAL_NOT_CONNECTED', 'The portal has not installed the app')
  }
  if (record.value.status === 'needs_reauthorization') throw needsReauthorization()
  const tokens = openTokens(deps.secretBox, record.value)
  if (!tokens) throw new AuthError('PORTAL_NOT_CONNECTED', 'The portal has no stored tokens')
  return tokens
}

async function exchange(deps: PortalTokenDeps, memberId: string): Promise<PortalTokens> {
  const record = await loadPortalRecord(deps.store, memberId)
  const stored = record && openTokens(deps.secretBox, record.value)
  if (!record || !stored) throw new AuthError('PORTAL_NOT_CONNECTED', 'The portal has no stored tokens')
  try {
    const fresh = await deps.oauthServer.refreshTokens(record.value.oauthServer, stored.refreshToken)
    const { clientEndpoint, ...tokens } = fresh
    const now = deps.clock.now()
    await updatePortalRecord(deps.store, memberId, (r) => ({
      ...r,
      sealedTokens: sealTokens(deps.secretBox, { ...tokens, userId: tokens.userId || stored.userId }),
      clientEndpoint: clientEndpoint || r.clientEndpoint,
      scope: tokens.scope || r.scope,
      updatedAt: new Date(now).toISOString(),
    }))
    return tokens
  } catch (error) {
    if (error instanceof AuthError && error.code === 'PORTAL_NEEDS_REAUTHORIZATION') {
      await markNeedsReauthorization(deps, memberId)
    }
    throw error
  }
}

/** Marks the portal as needing re-authorization (visible in health and to its admins); no more refreshes. */
export async function markNeedsReauthorization(deps: Pick<PortalTokenDeps, 'store' | 'clock'>, memberId: string) {
  const now = deps.clock.now()
  const written = await updatePortalRecord(deps.store, memberId, (r) =>
    r.status === 'connected' ? { ...r, status: 'needs_reauthorization', updatedAt: new Date(now).toISOString() } : null,
  )
  if (written) await indexPortalStatus(deps.store, memberId, 'needs_reauthorization', now)
}

/**
 * The {@link PortalTokenSource} of one portal over the Store. `refresh` calls the OAuth server at most once per
 * stale pair across every process sharing the store.
 * @throws AuthError `PORTAL_NEEDS_REAUTHORIZATION` (after `invalid_grant`, also on every later call),
 * `PORTAL_NOT_CONNECTED`; UpstreamError `TOKEN_REFRESH_TIMEOUT` when another process held the lease too long.
 */
export function createPortalTokenSource(deps: PortalTokenDeps, memberId: string): PortalTokenSource {
  const leaseName = tenantKey(memberId, 'lease', 'oauth-refresh')
  const plan = {
    ...{ store: deps.store, leaseName, leaseMs: deps.leaseMs, waitMs: deps.waitMs, now: () => deps.clock.now() },
    read: () => storedTokens(deps, memberId),
    exchange: () => exchange(deps, memberId),
  }
  return {
    current: () => storedTokens(deps, memberId),
    refresh: (staleRefreshToken) => refreshOnce(plan, staleRefreshToken),
  }
}
