/**
 * The B24OAuth-backed REST pipe under the Portal against the Bitrix24 sandbox: retries of 503, error mapping,
 * refresh through the token source (never straight to an OAuth server), and user-token clients that never refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from '../../../../sandbox/src/bitrix24/index.ts'
import { AuthError, RateLimitedError, ValidationError } from '../../ports/errors.ts'
import type { PortalAddress, PortalTokens } from '../../ports/portal.ts'
import { createB24OAuthConnector } from './b24-oauth-connector.ts'
import { bitrix24ErrorCode, portalRestrictionParams } from './b24-rest.ts'

let sandbox: Bitrix24Sandbox
let address: PortalAddress

beforeAll(async () => {
  sandbox = await createBitrix24Sandbox({ rateLimit: false })
  await sandbox.install({ openInstallPage: false })
  address = { memberId: sandbox.memberId, domain: sandbox.domain, clientEndpoint: sandbox.restUrl }
})
afterAll(async () => {
  await sandbox.close()
})

function tokensOf(userId: number, ttlSeconds?: number): PortalTokens {
  if (ttlSeconds !== undefined) sandbox.setTokenTtl(ttlSeconds)
  const t = sandbox.issueTokens(userId)
  sandbox.setTokenTtl(3600)
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: t.expires * 1000,
    userId,
    scope: t.scope,
  }
}

function connector(maxRetries: number) {
  return createB24OAuthConnector({
    clientId: sandbox.app.clientId,
    restrictionParams: { maxRetries },
  })
}

/** A token source over one pair that hands out a fresh pair on refresh and records the stale tokens it got. */
function tokenSource(initial: PortalTokens) {
  const stale: string[] = []
  return {
    stale,
    current: async () => initial,
    refresh: async (staleRefreshToken: string) => {
      stale.push(staleRefreshToken)
      return tokensOf(initial.userId)
    },
  }
}

describe('B24Portal over B24OAuth', () => {
  it('retries a 503 QUERY_LIMIT_EXCEEDED and returns the result', async () => {
    const portal = connector(3).forPortal(address, tokenSource(tokensOf(1)))
    sandbox.failNext('app.info', { status: 503, code: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests' })
    const before = sandbox.restLog().length
    expect(await portal.app.isInstallFinished()).toBe(true)
    expect(
      sandbox
        .restLog()
        .slice(before)
        .map((e) => e.status),
    ).toEqual([503, 200])
  })

  it('gives up on a lasting rate limit with RateLimitedError', async () => {
    const portal = connector(2).forPortal({ ...address, memberId: 'rate-limited' }, tokenSource(tokensOf(1)))
    sandbox.failNext('app.info', { status: 503, code: 'QUERY_LIMIT_EXCEEDED', times: 2 })
    await expect(portal.app.isInstallFinished()).rejects.toBeInstanceOf(RateLimitedError)
  })

  it('maps another Bitrix24 error to ValidationError carrying its code', async () => {
    const portal = connector(1).forPortal({ ...address, memberId: 'core-error' }, tokenSource(tokensOf(1)))
    sandbox.failNext('app.info', { status: 400, code: 'ERROR_CORE', description: 'Something broke' })
    const error = await portal.app.isInstallFinished().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect(bitrix24ErrorCode(error)).toBe('ERROR_CORE')
  })

  it('refreshes an expired token through the token source with the pair it held, never the OAuth server', async () => {
    const initial = tokensOf(1, 1)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const source = tokenSource({ ...initial, expiresAt: Date.now() + 3_600_000 })
    const portal = connector(1).forPortal({ ...address, memberId: 'expiring' }, source)
    const oauthCalls = sandbox.oauthLog().length
    expect(await portal.app.isInstallFinished()).toBe(true)
    expect(source.stale).toEqual([initial.refreshToken])
    expect(sandbox.oauthLog().length).toBe(oauthCalls)
  })

  it('refuses a user token the portal rejects without trying to refresh it', async () => {
    const oauthCalls = sandbox.oauthLog().length
    const portal = connector(1).forUserToken(address, 'f'.repeat(70))
    const error = await portal.app.tokenHolder(sandbox.app.clientId).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthError)
    expect(sandbox.oauthLog().length).toBe(oauthCalls)
  })
})

describe('portalRestrictionParams', () => {
  it('keeps the documented bucket and leaves network-error retries to the outbox', () => {
    const params = portalRestrictionParams()
    expect(params.rateLimit).toMatchObject({ burstLimit: 50, drainRate: 2 })
    expect(params.retryOnNetworkError).toBe(false)
    expect(portalRestrictionParams({ maxRetries: 1 }).maxRetries).toBe(1)
  })
})
