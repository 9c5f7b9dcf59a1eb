/**
 * SPA API authentication against the Bitrix24 sandbox: the frame token is verified with the stored portal only,
 * verdicts are cached, admin routes answer 403 to others, and no route below `/api/app` skips the check.
 */
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bitrix24Sandbox } from '../../../sandbox/src/bitrix24/index.ts'
import { createB24OAuthConnector } from '../adapters/bitrix24/b24-oauth-connector.ts'
import {
  buildServer,
  listen,
  oauthEnv,
  startSandbox,
  type Listener,
  type TestServer,
} from '../test-support/app-server.ts'
import { appApiRouter } from './app-api.ts'
import { onError } from './errors.ts'

let listener: Listener
let sandbox: Bitrix24Sandbox
let otherPortal: Bitrix24Sandbox
let server: TestServer

beforeAll(async () => {
  listener = await listen()
  sandbox = await startSandbox(listener.url)
  otherPortal = await startSandbox('http://127.0.0.1:9')
  server = buildServer(oauthEnv(sandbox, listener.url))
  listener.use(server.app)
  await sandbox.install({ userId: 1 })
  await sandbox.flushEvents()
  await server.drain()
})
afterAll(async () => {
  await sandbox.close()
  await otherPortal.close()
  await listener.close()
  await server.store.close()
})

function get(path: string, token: string | undefined, memberId: string | undefined = sandbox.memberId) {
  const headers: Record<string, string> = {}
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`
  if (memberId !== undefined) headers['x-b24-member-id'] = memberId
  return server.app.request(path, { headers })
}

const nonAdmin = () => sandbox.portal.state.users.find((u) => !u.IS_ADMIN && u.ACTIVE)!

describe('SPA API authentication', () => {
  it('answers /api/app/me for a valid frame token with that user, and reuses the verdict', async () => {
    const token = sandbox.issueTokens(1).access_token
    const res = await get('/api/app/me', token)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({
      user: { id: 1, isAdmin: true },
      portal: { memberId: sandbox.memberId, domain: sandbox.domain, status: 'connected' },
      connection: { status: 'connected', mode: 'app' },
    })
    expect(body.user.name).toMatch(/\S/)
    const calls = sandbox.restLog().length
    expect((await get('/api/app/me', token)).status).toBe(200)
    expect(sandbox.restLog().length).toBe(calls)
  })

  it('answers with the non-admin user for their token', async () => {
    const user = nonAdmin()
    const res = await get('/api/app/me', sandbox.issueTokens(user.ID).access_token)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ user: { id: user.ID, isAdmin: false } })
  })

  it("refuses another portal's token sent with this portal's member_id, asking only this portal", async () => {
    const foreign = otherPortal.issueTokens(1).access_token
    const foreignCalls = otherPortal.restLog().length
    const res = await get('/api/app/me', foreign)
    expect(res.status).toBe(401)
    expect(otherPortal.restLog().length).toBe(foreignCalls)
  })

  it('refuses a token the portal rejects', async () => {
    const res = await get('/api/app/me', 'f'.repeat(70))
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'BITRIX24_TOKEN_REJECTED' } })
  })

  it('refuses a member_id that is not installed without any outbound request', async () => {
    const rest = sandbox.restLog().length
    const oauth = sandbox.oauthLog().length
    const res = await get('/api/app/me', sandbox.issueTokens(1).access_token, 'not-installed-0001')
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'PORTAL_NOT_INSTALLED' } })
    expect(sandbox.restLog().length).toBe(rest)
    expect(sandbox.oauthLog().length).toBe(oauth)
  })

  it('refuses a request without the token or the member_id header', async () => {
    expect((await get('/api/app/me', undefined)).status).toBe(401)
    expect((await get('/api/app/me', 'token', undefined)).status).toBe(401)
  })

  it('lets only admins read the connection (403 to others) and checks it live', async () => {
    const denied = await get('/api/app/connection', sandbox.issueTokens(nonAdmin().ID).access_token)
    expect(denied.status).toBe(403)
    expect(await denied.json()).toMatchObject({ error: { code: 'ADMIN_REQUIRED' } })
    const res = await get('/api/app/connection', sandbox.issueTokens(1).access_token)
    expect(res.status).toBe(200)
    const { connection } = await res.json()
    expect(connection).toMatchObject({ memberId: sandbox.memberId, status: 'connected', isInstallFinished: true })
    expect(JSON.stringify(connection)).not.toMatch(/sealed|token/i)
  })
})

describe('the SPA API router', () => {
  it('authenticates a route added below it: refused without credentials, reached with a valid frame token', async () => {
    const auth = {
      store: server.store,
      connector: createB24OAuthConnector({ clientId: sandbox.app.clientId, restrictionParams: { maxRetries: 1 } }),
      clientId: sandbox.app.clientId,
    }
    let reached = 0
    const router = appApiRouter(auth).get('/probe', (c) => {
      reached += 1
      return c.json({ userId: c.var.appUser.userId }, 200)
    })
    const app = new Hono().route('/api/app', router)
    app.onError(onError)
    const refused = await app.request('/api/app/probe')
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({ error: { code: 'MISSING_CREDENTIALS' } })
    expect(reached).toBe(0)
    const headers = {
      authorization: `Bearer ${sandbox.issueTokens(1).access_token}`,
      'x-b24-member-id': sandbox.memberId,
    }
    const res = await app.request('/api/app/probe', { headers })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ userId: 1 })
    expect(reached).toBe(1)
  })

  it('refuses every route of the app below /api/app without credentials', async () => {
    const routes = server.app.routes.filter((r) => r.path.startsWith('/api/app/') && r.method !== 'ALL')
    expect(routes.length).toBeGreaterThan(20)
    for (const route of routes) {
      const path = route.path.replace(/:[a-z]+/gi, '1')
      const res = await server.app.request(path, {
        method: route.method,
        headers: { 'x-b24-member-id': sandbox.memberId },
      })
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      })
      expect(await res.json()).toMatchObject({ error: { code: 'MISSING_CREDENTIALS' } })
    }
  })
})
