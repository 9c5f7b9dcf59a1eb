/**
 * @module The trust anchor of architecture §7: a portal's identity (member_id, domain, REST root) is taken only
 * from a trusted OAuth server's answer about a token, never from the request that carried the token.
 */
import { AuthError } from '../ports/errors.ts'
import type { OAuthServer, OAuthTokenInfo, PortalAddress } from '../ports/portal.ts'

/** What a request claims about the portal it comes from. */
export interface PortalClaim {
  memberId: string
  domain: string
  accessToken: string
  /** `SERVER_ENDPOINT` / `auth[server_endpoint]` when sent (`https://oauth.bitrix.info/rest/`). */
  serverEndpoint: string | undefined
}

/** A portal confirmed by a trusted OAuth server. */
export interface VouchedPortal extends PortalAddress {
  /** Base URL of the OAuth server that confirmed it. */
  oauthServer: string
  info: OAuthTokenInfo
}

/** What vouching needs. */
export interface VouchDeps {
  oauthServer: OAuthServer
  /** `BITRIX24_OAUTH_SERVERS`: bases without a trailing slash. */
  trustedServers: string[]
  clientId: string
}

/** The OAuth server base of a `server_endpoint` (`https://oauth.bitrix.info/rest/` → `https://oauth.bitrix.info`). */
export function oauthServerBase(serverEndpoint: string): string {
  return serverEndpoint
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/rest$/, '')
}

function candidates(deps: VouchDeps, claim: PortalClaim): string[] {
  if (claim.serverEndpoint === undefined || claim.serverEndpoint === '') return deps.trustedServers
  const base = oauthServerBase(claim.serverEndpoint)
  // An untrusted server is never asked anything: the token (let alone the client secret) must not reach it.
  if (!deps.trustedServers.includes(base)) {
    throw new AuthError('OAUTH_SERVER_NOT_TRUSTED', 'The OAuth server named in the request is not trusted')
  }
  return [base]
}

function matches(deps: VouchDeps, claim: PortalClaim, info: OAuthTokenInfo): boolean {
  return (
    info.clientId === deps.clientId &&
    info.memberId === claim.memberId &&
    info.domain.toLowerCase() === claim.domain.toLowerCase()
  )
}

/**
 * Asks the trusted OAuth server(s) about `claim.accessToken` and returns the portal they confirm.
 * @throws AuthError `OAUTH_SERVER_NOT_TRUSTED` when the request names an untrusted server,
 * `BITRIX24_TOKEN_REJECTED` when no trusted server knows the token, `PORTAL_MISMATCH` when the answer names
 * another application, member_id or domain than the request.
 */
export async function vouchPortal(deps: VouchDeps, claim: PortalClaim): Promise<VouchedPortal> {
  let lastError: unknown = new AuthError('BITRIX24_TOKEN_REJECTED', 'No trusted OAuth server knows this token')
  for (const server of candidates(deps, claim)) {
    const info = await deps.oauthServer.tokenInfo(server, claim.accessToken).catch((error: unknown) => {
      lastError = error
      return null
    })
    if (!info) continue
    if (!matches(deps, claim, info)) {
      throw new AuthError('PORTAL_MISMATCH', 'The token does not belong to this application and portal')
    }
    const clientEndpoint = info.clientEndpoint ?? `https://${info.domain}/rest/`
    return { memberId: info.memberId, domain: info.domain, clientEndpoint, oauthServer: server, info }
  }
  throw lastError
}
