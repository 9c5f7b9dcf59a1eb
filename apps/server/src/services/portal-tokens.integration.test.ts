/**
 * Single-flight OAuth refresh: two app instances sharing one store file serve 50
 * concurrent requests on an expired portal token with exactly one `/oauth/token/` call; `invalid_grant` marks the
 * portal as needing re-authorization instead of looping.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bitrix24Sandbox } from '../../../sandbox/src/bitrix24/index.ts'
import { createAesGcmSecretBox } from '../adapters/crypto/aes-gcm-secret-box.ts'
import { openSqliteStore } from '../adapters/store/sqlite/sqlite-store.ts'
import {
  buildServer,
  listen,
  oauthEnv,
  startSandbox,
  type Listener,
  type TestServer,
} from '../test-support/app-server.ts'
import { loadPortalRecord, openTokens } from './portal-records.ts'

const dir = mkdtempSync(join(tmpdir(), 'b24-refresh-'))
let listener: Listener
let sandbox: Bitrix24Sandbox
const operatorSecret = 'cron-secret-0123456789'
let first: TestServer
let second: TestServer

beforeAll(async () => {
  listener = await listen()
  sandbox = await startSandbox(listener.url)
  const env = { ...oauthEnv(sandbox, listener.url), CRON_SECRET: operatorSecret }
  const file = join(dir, 'store.sqlite')
  first = buildServer(env, { store: openSqliteStore({ file }) })
  second = buildServer(env, { store: openSqliteStore({ file }) })
  listener.use(first.app)
})
afterAll(async () => {
  await sandbox.close()
  await listener.close()
  await first.store.close()
  await second.store.close()
  rmSync(dir, { recursive: true, force: true })
})

function connection(server: TestServer, token: string) {
  return server.app.request('/api/app/connection', {
    headers: { authorization: `Bearer ${token}`, 'x-b24-member-id': sandbox.memberId },
  })
}

describe('OAuth refresh across instances', () => {
  it('spends exactly one refresh token for 50 concurrent requests on two instances; all succeed', async () => {
    await sandbox.install({ userId: 1 })
    await sandbox.flushEvents()
    await first.drain()
    // An hour passes on the portal: every request leaves with a token Bitrix24 answers `expired_token` to.
    sandbox.expireAccessTokens()
    const frameToken = sandbox.issueTokens(1).access_token
    const before = sandbox.oauthLog().length
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => connection(i % 2 === 0 ? first : second, frameToken)),
    )
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200))
    const refreshes = sandbox.oauthLog().slice(before)
    expect(refreshes).toHaveLength(1)
    expect(refreshes[0]).toMatchObject({ grantType: 'refresh_token', status: 200 })
    // Both instances keep working with the rotated pair.
    expect((await connection(first, frameToken)).status).toBe(200)
    expect((await connection(second, frameToken)).status).toBe(200)
    expect(sandbox.oauthLog().length).toBe(before + 1)
  })

  it('marks the portal as needing re-authorization after invalid_grant, without looping', async () => {
    const box = createAesGcmSecretBox(oauthEnv(sandbox, listener.url)['APP_SECRET']!)
    const record = await loadPortalRecord(first.store, sandbox.memberId)
    const tokens = openTokens(box, record!.value)!
    // Someone else spends the stored refresh token (e.g. a copy of the deployment), and the access token expires.
    const spent = await fetch(`${sandbox.oauthServerUrl}/oauth/token/`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: sandbox.app.clientId,
        client_secret: sandbox.app.clientSecret,
        refresh_token: tokens.refreshToken,
      }),
    })
    expect(spent.status).toBe(200)
    const frameToken = sandbox.issueTokens(1).access_token
    const before = sandbox.oauthLog().length
    const res = await connection(second, frameToken)
    expect(res.status).toBe(200)
    expect((await res.json()).connection).toMatchObject({ status: 'needs_reauthorization', isInstallFinished: null })
    expect(
      sandbox
        .oauthLog()
        .slice(before)
        .map((e) => e.error),
    ).toEqual(['invalid_grant'])
    // Later calls do not try again.
    expect((await connection(first, frameToken)).status).toBe(200)
    expect(sandbox.oauthLog().length).toBe(before + 1)
    const operator = { authorization: `Bearer ${operatorSecret}` }
    const health = await (await first.app.request('/api/health', { headers: operator })).json()
    expect(health.portals).toEqual({
      connected: 0,
      needsReauthorization: [{ memberId: sandbox.memberId, domain: sandbox.domain }],
    })
    expect(JSON.stringify(health)).not.toContain(tokens.refreshToken)
  })
})
