/**
 * Where the application token comes from: an API-only install (`ONAPPINSTALL` POSTed to
 * the install path), and an older portal whose frame POST has no `APPLICATION_TOKEN`/`SERVER_ENDPOINT`, where the
 * token is pinned from the first event whose access token the portal confirms.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Bitrix24Sandbox } from '../../../sandbox/src/bitrix24/index.ts'
import { createAesGcmSecretBox } from '../adapters/crypto/aes-gcm-secret-box.ts'
import { loadPortalRecord, openApplicationToken } from '../services/portal-records.ts'
import {
  bracketEncode,
  buildServer,
  listen,
  oauthEnv,
  postForm,
  startSandbox,
  type Listener,
  type TestServer,
} from '../test-support/app-server.ts'

let listener: Listener
let sandbox: Bitrix24Sandbox
let server: TestServer

async function start(options: { frameSendsAppFields?: boolean } = {}) {
  listener = await listen()
  sandbox = await startSandbox(listener.url, options)
  server = buildServer(oauthEnv(sandbox, listener.url))
  listener.use(server.app)
}
afterEach(async () => {
  await sandbox.close()
  await listener.close()
  await server.store.close()
})

async function storedApplicationToken(): Promise<string | null> {
  const record = await loadPortalRecord(server.store, sandbox.memberId)
  const box = createAesGcmSecretBox(oauthEnv(sandbox, listener.url)['APP_SECRET']!)
  return record ? openApplicationToken(box, record.value) : null
}

describe('application token sources', () => {
  it('installs an API-only app from ONAPPINSTALL posted to the install path and binds after answering', async () => {
    await start()
    await sandbox.install({ userId: 1, apiOnly: true })
    await sandbox.flushEvents()
    await server.drain()
    const delivery = sandbox.events().find((d) => d.event === 'ONAPPINSTALL')!
    expect(delivery.status).toBe(200)
    expect(await storedApplicationToken()).toBe(sandbox.app.applicationToken)
    expect(sandbox.portal.state.eventBindings).toHaveLength(6)
    expect(sandbox.portal.state.placements).toHaveLength(3) // two CRM tabs and REST_APP_URI
  })

  it('refuses an ONAPPINSTALL whose token no trusted OAuth server knows, storing nothing', async () => {
    await start()
    const body = bracketEncode({
      event: 'ONAPPINSTALL',
      data: { VERSION: '1', ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'ru' },
      ts: '1766047124',
      auth: {
        access_token: 'forged-access',
        refresh_token: 'forged-refresh',
        expires_in: '3600',
        domain: sandbox.domain,
        server_endpoint: `${sandbox.oauthServerUrl}/rest/`,
        member_id: sandbox.memberId,
        application_token: 'forged-application-token',
      },
    })
    const res = await postForm(server, '/api/b24/events', body)
    expect(res.status).toBe(401)
    expect(await loadPortalRecord(server.store, sandbox.memberId)).toBeNull()
  })

  it('pins the application token from the first event the portal confirms when the install had none', async () => {
    await start({ frameSendsAppFields: false })
    await sandbox.install({ userId: 1 })
    await sandbox.flushEvents()
    await server.drain()
    expect((await loadPortalRecord(server.store, sandbox.memberId))?.value.status).toBe('connected')
    expect(await storedApplicationToken()).toBeNull()
    // A forged event with a made-up access token does not pin anything.
    const forged = bracketEncode({
      event: 'ONCRMDEALADD',
      data: { FIELDS: { ID: '1' } },
      auth: { member_id: sandbox.memberId, access_token: 'f'.repeat(70), application_token: 'attacker-token' },
    })
    expect((await postForm(server, '/api/b24/events', forged)).status).toBe(401)
    expect(await storedApplicationToken()).toBeNull()
    await sandbox.callAsUser(1, 'crm.deal.add', { fields: { TITLE: 'Первое событие' } })
    await sandbox.flushEvents()
    expect(sandbox.events().find((d) => d.event === 'ONCRMDEALADD')?.status).toBe(200)
    expect(await storedApplicationToken()).toBe(sandbox.app.applicationToken)
  })
})
