/**
 * @module OAuth tokens of the sandbox portal: issue, resolve, refresh with rotation (§2.4) and
 * authorization codes (§2.1). Tokens are 70 hex characters like real ones (§1.2 note).
 */
import { randomBytes } from 'node:crypto'
import { appScope, clientEndpoint, serverEndpoint, type Portal } from './portal.ts'
import type { PortalState } from './state.ts'

/** The token response of §2.3, in the documented field order. */
export interface TokenResponse {
  access_token: string
  expires: number
  expires_in: number
  scope: string
  domain: string
  server_endpoint: string
  status: string
  client_endpoint: string
  member_id: string
  user_id: number
  refresh_token: string
}

/** Why a token was refused: `expired_token` or `invalid_token` (§2.6). */
export type TokenRefusal = 'expired_token' | 'invalid_token'

function newToken(): string {
  return randomBytes(35).toString('hex')
}

/** Issues a fresh access/refresh pair for a user of the portal. */
export function issueTokens(portal: Portal, userId: number): TokenResponse {
  const now = portal.now()
  const accessToken = newToken()
  const refreshToken = newToken()
  const scope = appScope(portal)
  const expiresAt = now + portal.knobs.tokenTtlSeconds * 1000
  portal.state.accessTokens[accessToken] = { userId, expiresAt, refreshToken, revoked: false, scope }
  portal.state.refreshTokens[refreshToken] = {
    userId,
    expiresAt: now + portal.knobs.refreshTokenTtlSeconds * 1000,
    used: false,
    scope,
  }
  portal.persist()
  return {
    access_token: accessToken,
    expires: Math.floor(expiresAt / 1000),
    expires_in: portal.knobs.tokenTtlSeconds,
    scope,
    domain: new URL(portal.urls.oauthServer).host,
    server_endpoint: serverEndpoint(portal),
    status: portal.state.app.status,
    client_endpoint: clientEndpoint(portal),
    member_id: portal.state.memberId,
    user_id: userId,
    refresh_token: refreshToken,
  }
}

/** Ends every access token issued so far, as if its hour had passed; refresh tokens keep working. */
export function expireAccessTokens(portal: Portal): void {
  const now = portal.now()
  for (const record of Object.values(portal.state.accessTokens)) record.expiresAt = Math.min(record.expiresAt, now)
  portal.persist()
}

/** Resolves an access token to its user, or says why it is refused. */
export function resolveAccessToken(
  portal: Portal,
  token: string,
): { ok: true; userId: number; scope: string } | { ok: false; error: TokenRefusal } {
  const record = ownEntry(portal.state.accessTokens, token)
  if (!record || record.revoked || !portal.state.app.active) return { ok: false, error: 'invalid_token' }
  if (record.expiresAt <= portal.now()) return { ok: false, error: 'expired_token' }
  return { ok: true, userId: record.userId, scope: record.scope }
}

/**
 * Exchanges a refresh token for a new pair. The used refresh token and every access token issued with it
 * stop working (rotation, §2.4). Returns null for an unknown, used or expired refresh token (`invalid_grant`).
 */
export function refreshTokens(portal: Portal, refreshToken: string): TokenResponse | null {
  const record = ownEntry(portal.state.refreshTokens, refreshToken)
  if (!record || record.used || record.expiresAt <= portal.now() || !portal.state.app.active) return null
  record.used = true
  for (const access of Object.values(portal.state.accessTokens)) {
    if (access.refreshToken === refreshToken) access.revoked = true
  }
  return issueTokens(portal, record.userId)
}

/** Creates a one-time authorization code for a user; it lives 30 seconds (§2.1). */
export function issueAuthorizationCode(portal: Portal, userId: number): string {
  const code = randomBytes(16).toString('hex')
  portal.state.authCodes[code] = { userId, expiresAt: portal.now() + 30_000 }
  return code
}

/** Redeems an authorization code once; null when unknown, used or expired. */
export function redeemAuthorizationCode(portal: Portal, code: string): TokenResponse | null {
  const record = ownEntry(portal.state.authCodes, code)
  delete portal.state.authCodes[code]
  if (!record || record.expiresAt <= portal.now() || !portal.state.app.active) return null
  return issueTokens(portal, record.userId)
}

/** The entry stored under `key` itself, never one inherited from Object.prototype (a token named `constructor`). */
function ownEntry<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined
}

/** Drops rotated and long-expired tokens so a snapshot stays small. */
export function pruneStoredTokens(state: PortalState, now: number): void {
  for (const [token, record] of Object.entries(state.accessTokens)) {
    if (record.revoked || record.expiresAt + 86_400_000 < now) delete state.accessTokens[token]
  }
  for (const [token, record] of Object.entries(state.refreshTokens)) {
    if (record.used || record.expiresAt < now) delete state.refreshTokens[token]
  }
}
