/**
 * @module SPA API authentication (architecture §7): the frame's access token is checked with the portal named
 * by the stored record for `member_id` (never a host from the request: no SSRF), and the verdict is cached by
 * the token's SHA-256 for at most five minutes. Checks that cost the portal a call are rationed (see
 * `verification-throttle.ts`).
 */
import { createHash } from 'node:crypto'
import { AuthError } from '../ports/errors.ts'
import type { PortalAddress, PortalConnector, TokenHolder } from '../ports/portal.ts'
import { tenantKey, type Store } from '../ports/store.ts'
import { loadPortalRecord, portalAddress, type PortalStatus } from './portal-records.ts'
import { defaultVerificationLimits, throttledVerification, type VerificationLimits } from './verification-throttle.ts'
import { loadWebhookPortal, pinWebhookFrame } from './webhook-portal.ts'

/** The caller of an SPA request, as verified. */
export interface AppUser {
  portal: { memberId: string; domain: string; status: PortalStatus }
  userId: number
  isAdmin: boolean
  name: string
}

/** What SPA authentication needs. */
export interface AppAuthDeps {
  store: Store
  connector: PortalConnector
  /** This application's `client_id`; `null` in webhook mode (the code of the app's page is pinned instead). */
  clientId: string | null
  /** Webhook mode: the one portal's address; frames are checked there only and no portal record is needed. */
  webhookPortal?: Omit<PortalAddress, 'memberId'>
  /** How long a verdict is reused (≤ 5 minutes; default 5 minutes). */
  verdictTtlMs?: number
  /** Bounds of the checks that cost the portal a call (defaults: `defaultVerificationLimits`). */
  limits?: Partial<VerificationLimits>
}

const memberIdPattern = /^[A-Za-z0-9_.-]{1,64}$/

/** Checks in flight per store and verdict key: concurrent requests with one new token share one check. */
const inFlight = new WeakMap<Store, Map<string, Promise<TokenHolder>>>()

function singleFlight(store: Store, key: string, check: () => Promise<TokenHolder>): Promise<TokenHolder> {
  const running = inFlight.get(store) ?? new Map<string, Promise<TokenHolder>>()
  inFlight.set(store, running)
  const existing = running.get(key)
  if (existing) return existing
  const started = check().finally(() => running.delete(key))
  running.set(key, started)
  return started
}
const maxVerdictTtlMs = 5 * 60_000

/**
 * Verifies `accessToken` for the installed portal `memberId` and returns the user. `clientAddress` is the
 * caller's address as the edge reports it (`unknown` when there is none).
 * @throws AuthError `PORTAL_NOT_INSTALLED` (no outbound request is made), `BITRIX24_AUTH_FAILED` /
 * `TOKEN_OF_ANOTHER_APP` when the portal refuses the token (remembered for a minute); RateLimitedError
 * `VERIFICATION_THROTTLED` when the checks are rationed.
 */
export async function authenticateAppUser(
  deps: AppAuthDeps,
  credentials: { memberId: string; accessToken: string; clientAddress?: string },
): Promise<AppUser> {
  const { memberId, accessToken } = credentials
  const located = memberIdPattern.test(memberId) ? await locatePortal(deps, memberId) : null
  if (!located) throw new AuthError('PORTAL_NOT_INSTALLED', 'The app is not installed in this portal')
  const { address, status } = located
  const portal = { memberId, domain: address.domain, status }
  const tokenHash = createHash('sha256').update(accessToken).digest('hex')
  const key = tenantKey(memberId, 'frame-auth', tokenHash)
  const cached = await deps.store.getTemp<TokenHolder>(key)
  if (cached) return { portal, ...cached }
  const limits = { ...defaultVerificationLimits, ...deps.limits }
  const request = { memberId, tokenHash, clientAddress: credentials.clientAddress ?? 'unknown' }
  const holder = await singleFlight(deps.store, key, async () => {
    const verified = await throttledVerification(deps.store, limits, request, () =>
      deps.connector.forUserToken(address, accessToken).app.tokenHolder(deps.clientId),
    )
    if (deps.webhookPortal) await pinWebhookFrame(deps.store, memberId, verified.appCode)
    await deps.store.putIfAbsent(key, verified, Math.min(deps.verdictTtlMs ?? maxVerdictTtlMs, maxVerdictTtlMs))
    return verified
  })
  return { portal, ...holder }
}

/**
 * Where the frame's token is checked: the stored portal record (app mode), or webhook mode's one portal when no
 * other member_id is pinned. Null when the portal is unknown (nothing is called then).
 */
async function locatePortal(
  deps: AppAuthDeps,
  memberId: string,
): Promise<{ address: PortalAddress; status: PortalStatus } | null> {
  if (deps.webhookPortal) {
    const pinned = await loadWebhookPortal(deps.store)
    if (pinned && pinned.memberId !== memberId) return null
    return { address: { memberId, ...deps.webhookPortal }, status: 'connected' }
  }
  const record = await loadPortalRecord(deps.store, memberId)
  if (!record || record.value.status === 'uninstalled') return null
  return { address: portalAddress(record.value), status: record.value.status }
}
