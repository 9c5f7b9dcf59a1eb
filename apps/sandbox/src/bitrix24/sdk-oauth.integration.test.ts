/**
 * Acceptance: the real `@bitrix24/b24jssdk` `B24OAuth` against the sandbox portal.
 */
import { B24OAuth, EnumAppStatus, type B24OAuthParams } from '@bitrix24/b24jssdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from './index.ts'
import type { TokenResponse } from './tokens.ts'

let sandbox: Bitrix24Sandbox

beforeAll(async () => {
  sandbox = await createBitrix24Sandbox({ rateLimit: false })
  await sandbox.install({ openInstallPage: false })
})
afterAll(async () => {
  await sandbox.close()
})

function oauthParams(tokens: TokenResponse, expiresOverride?: number): B24OAuthParams {
  return {
    applicationToken: sandbox.app.applicationToken,
    userId: tokens.user_id,
    memberId: tokens.member_id,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expires: expiresOverride ?? tokens.expires,
    expiresIn: tokens.expires_in,
    scope: tokens.scope,
    domain: sandbox.domain,
    clientEndpoint: tokens.client_endpoint,
    serverEndpoint: tokens.server_endpoint,
    status: EnumAppStatus.Local,
  }
}

function client(tokens: TokenResponse, expiresOverride?: number): B24OAuth {
  const secret = { clientId: sandbox.app.clientId, clientSecret: sandbox.app.clientSecret }
  return new B24OAuth(oauthParams(tokens, expiresOverride), secret, { restrictionParams: { maxRetries: 3 } })
}

/** Tokens the sandbox already considers expired while the SDK still believes them valid for an hour. */
async function expiredTokens(): Promise<TokenResponse> {
  sandbox.setTokenTtl(1)
  const tokens = sandbox.issueTokens(1)
  sandbox.setTokenTtl(3600)
  await new Promise((resolve) => setTimeout(resolve, 1100))
  return tokens
}

describe('B24OAuth against the sandbox', () => {
  it('refreshes an expired token once and retries the call', async () => {
    const tokens = await expiredTokens()
    const b24 = client(tokens, Math.floor(Date.now() / 1000) + 3600)
    const refreshed: string[] = []
    b24.setCallbackRefreshAuth(async ({ b24OAuthParams }) => void refreshed.push(b24OAuthParams.refreshToken))
    const logStart = sandbox.restLog().length
    const response = await b24.actions.v2.call.make<{ ID: string }>({ method: 'user.current' })
    expect(response.isSuccess).toBe(true)
    expect(response.getData()?.result.ID).toBe('1')
    const calls = sandbox
      .restLog()
      .slice(logStart)
      .map((e) => [e.method, e.status, e.error])
    expect(calls).toEqual([
      ['user.current', 401, 'expired_token'],
      ['user.current', 200, null],
    ])
    expect(refreshed).toHaveLength(1)
    expect(refreshed[0]).not.toBe(tokens.refresh_token)
    // Rotation: the used refresh token no longer works (§2.4).
    const again = await fetch(
      `${sandbox.oauthServerUrl}/oauth/token/?grant_type=refresh_token&client_id=${sandbox.app.clientId}&client_secret=${sandbox.app.clientSecret}&refresh_token=${tokens.refresh_token}`,
    )
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' })
  })

  it('coalesces 20 concurrent calls on an expired token into one refresh', async () => {
    const tokens = await expiredTokens()
    const b24 = client(tokens)
    const before = sandbox.oauthLog().length
    const results = await Promise.all(
      Array.from({ length: 20 }, () => b24.actions.v2.call.make<{ ID: string }>({ method: 'profile' })),
    )
    expect(results.every((r) => r.isSuccess)).toBe(true)
    const refreshes = sandbox.oauthLog().slice(before)
    expect(refreshes).toHaveLength(1)
    expect(refreshes[0]).toMatchObject({ grantType: 'refresh_token', status: 200 })
  })

  it('runs a batch whose second command refers to the first with $result', async () => {
    const b24 = client(sandbox.issueTokens(1))
    const response = await b24.actions.v2.batch.make<unknown>({
      calls: {
        created: ['crm.deal.add', { fields: { TITLE: 'Сделка из batch', OPPORTUNITY: 5000 } }],
        loaded: ['crm.deal.get', { id: '$result[created]' }],
      },
      options: { isHaltOnError: true },
    })
    expect(response.isSuccess).toBe(true)
    const data = response.getData() as Record<string, unknown>
    const createdId = data['created']
    const loaded = data['loaded'] as Record<string, unknown>
    expect(typeof createdId).toBe('number')
    expect(loaded).toMatchObject({ ID: String(createdId), TITLE: 'Сделка из batch', OPPORTUNITY: '5000.00' })
  })

  it('lists 500 deals with actions.v2.callList, each exactly once', async () => {
    const b24 = client(sandbox.issueTokens(1))
    const existing = sandbox.deals().length
    const missing = 500 - existing
    for (let offset = 0; offset < missing; offset += 50) {
      const calls = Array.from({ length: Math.min(50, missing - offset) }, (_, i) => [
        'crm.deal.add',
        { fields: { TITLE: `Сделка ${offset + i}` } },
      ])
      const batch = await b24.actions.v2.batch.make({ calls: calls as [string, object][] })
      expect(batch.isSuccess).toBe(true)
    }
    expect(sandbox.deals()).toHaveLength(500)
    const listed = await b24.actions.v2.callList.make<{ ID: string }>({
      method: 'crm.deal.list',
      params: { select: ['ID', 'TITLE'] },
    })
    expect(listed.isSuccess).toBe(true)
    const ids = (listed.getData() ?? []).map((d) => d.ID)
    expect(ids).toHaveLength(500)
    expect(new Set(ids).size).toBe(500)
    expect(new Set(ids)).toEqual(new Set(sandbox.deals().map((d) => d.ID)))
  })

  it('answers 503 QUERY_LIMIT_EXCEEDED past the burst, and the SDK retry recovers', async () => {
    sandbox.setRateLimit({ burstLimit: 4, drainRate: 4 })
    try {
      const b24 = client(sandbox.issueTokens(1))
      const logStart = sandbox.restLog().length
      const results = await Promise.all(
        Array.from({ length: 10 }, () => b24.actions.v2.call.make<{ ID: string }>({ method: 'user.current' })),
      )
      expect(results.every((r) => r.isSuccess)).toBe(true)
      const statuses = sandbox
        .restLog()
        .slice(logStart)
        .map((e) => e.status)
      expect(statuses).toContain(503)
      expect(statuses.filter((s) => s === 200)).toHaveLength(10)
    } finally {
      sandbox.setRateLimit(false)
    }
  })
})
