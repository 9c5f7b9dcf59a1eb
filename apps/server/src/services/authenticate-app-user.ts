/**
 * @module SPA API authentication (architecture §7): the frame's access token is checked with the portal named
 * by the stored record for `member_id` (never a host from the request: no SSRF), and the verdict is cached by
 * the token's SHA-256 for at most five minutes.
 */
import { createHash } from 'node:crypto'
import { AuthError } from '../ports/errors.ts'
import type { PortalConnector, TokenHolder } from '../ports/portal.ts'
import { tenantKey, type Store } from '../ports/store.ts'
import { loadPortalRecord, portalAddress, type PortalStatus } from './portal-records.ts'

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
  clientId: string
  /** How long a verdict is reused (≤ 5 minutes; default 5 minutes). */
  verdictTtlMs?: number
}

const memberIdPattern = /^[A-Za-z0-9_.-]{1,64}$/
const maxVerdictTtlMs = 5 * 60_000

function verdictKey(memberId: string, accessToken: string): string {
  return tenantKey(memberId, 'frame-auth', createHash('sha256').update(accessToken).digest('hex'))
}

/**
 * Verifies `accessToken` for the installed portal `memberId` and returns the user.
 * @throws AuthError `PORTAL_NOT_INSTALLED` (no outbound request is made), `BITRIX24_AUTH_FAILED` /
 * `TOKEN_OF_ANOTHER_APP` when the portal refuses the token.
 */
export async function authenticateAppUser(
  deps: AppAuthDeps,
  credentials: { memberId: string; accessToken: string },
): Promise<AppUser> {
  const { memberId, accessToken } = credentials
  const record = memberIdPattern.test(memberId) ? await loadPortalRecord(deps.store, memberId) : null
  if (!record || record.value.status === 'uninstalled') {
    throw new AuthError('PORTAL_NOT_INSTALLED', 'The app is not installed in this portal')
  }
  const { domain, status } = record.value
  const portal = { memberId, domain, status }
  const key = verdictKey(memberId, accessToken)
  const cached = await deps.store.getTemp<TokenHolder>(key)
  if (cached) return { portal, ...cached }
  const holder = await deps.connector
    .forUserToken(portalAddress(record.value), accessToken)
    .app.tokenHolder(deps.clientId)
  await deps.store.putIfAbsent(key, holder, Math.min(deps.verdictTtlMs ?? maxVerdictTtlMs, maxVerdictTtlMs))
  return { portal, ...holder }
}
