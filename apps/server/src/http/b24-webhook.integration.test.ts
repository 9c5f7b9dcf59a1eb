/**
 * Webhook mode: no install, events verified with BITRIX24_OUTGOING_WEBHOOK_TOKEN
 * (outgoing-webhook `auth` carries no OAuth tokens), REST calls through `B24Hook`'s URL form
 * over HTTPS (the sandbox serves a certificate made by openssl for this run; the app trusts exactly that CA).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bitrix24Sandbox } from '../../../sandbox/src/bitrix24/index.ts'
import { createB24HookPortal } from '../adapters/bitrix24/b24-hook-portal.ts'
import { inboxQueue, type InboxEvent } from '../services/event-inbox.ts'
import {
  bracketEncode,
  buildServer,
  listen,
  postForm,
  startSandbox,
  type Listener,
  type TestServer,
} from '../test-support/app-server.ts'
import { selfSignedCert } from '../test-support/self-signed-cert.ts'

let outgoingToken: string
let listener: Listener
let sandbox: Bitrix24Sandbox
let server: TestServer
let cert: string
let webhookUrl: string
const handled: InboxEvent[] = []

beforeAll(async () => {
  const tls = selfSignedCert()
  cert = tls.cert
  listener = await listen()
  sandbox = await startSandbox(listener.url, { tls })
  webhookUrl = sandbox.webhookUrl(1)
  outgoingToken = sandbox.addOutgoingWebhook(`${listener.url}/api/b24/events`, ['ONCRMDEALADD'])
  const env = {
    APP_URL: listener.url,
    APP_SECRET: 'test-app-secret-0123456789abcdef0123456789',
    BITRIX24_WEBHOOK_URL: webhookUrl,
    BITRIX24_OUTGOING_WEBHOOK_TOKEN: outgoingToken,
  }
  const handlers = new Map([['ONCRMDEALADD', async (event: InboxEvent) => void handled.push(event)]])
  server = buildServer(env, {
    eventHandlers: handlers,
    bitrix24: { tlsCa: cert, restrictionParams: { maxRetries: 1 } },
  })
  listener.use(server.app)
})
afterAll(async () => {
  await sandbox.close()
  await listener.close()
  await server.store.close()
})

function outgoingEvent(applicationToken: string | undefined, id: string) {
  const auth: Record<string, string> = {
    domain: sandbox.domain,
    client_endpoint: sandbox.restUrl,
    server_endpoint: `${sandbox.oauthServerUrl}/rest/`,
    member_id: sandbox.memberId,
  }
  if (applicationToken !== undefined) auth['application_token'] = applicationToken
  return bracketEncode({
    event: 'ONCRMDEALADD',
    event_handler_id: '975',
    data: { FIELDS: { ID: id } },
    ts: '1766047124',
    auth,
  })
}

describe('webhook mode', () => {
  it('accepts an outgoing-webhook event carrying the configured token and handles it once', async () => {
    const res = await postForm(server, '/api/b24/events', outgoingEvent(outgoingToken, '7405'))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ result: 'stored' })
    const again = await postForm(server, '/api/b24/events', outgoingEvent(outgoingToken, '7405'))
    expect(await again.json()).toEqual({ result: 'duplicate' })
    await server.drain()
    expect(handled.map((e) => [e.event, e.memberId, e.data])).toEqual([
      ['ONCRMDEALADD', sandbox.memberId, { FIELDS: { ID: '7405' } }],
    ])
  })

  it('receives a deal added in the portal through the outgoing webhook', async () => {
    await sandbox.callAsUser(1, 'crm.deal.add', { fields: { TITLE: 'Через исходящий вебхук' } })
    await sandbox.flushEvents()
    await server.drain()
    const delivery = sandbox
      .events()
      .filter((d) => d.event === 'ONCRMDEALADD')
      .at(-1)!
    expect(delivery.status).toBe(200)
    expect(new URLSearchParams(delivery.body).get('auth[access_token]')).toBeNull()
    const dealId = new URLSearchParams(delivery.body).get('data[FIELDS][ID]')
    expect(handled.at(-1)).toMatchObject({ event: 'ONCRMDEALADD', data: { FIELDS: { ID: dealId } } })
  })

  it.each([
    ['a wrong token', 'not-the-outgoing-token'],
    ['no token', undefined],
  ])('refuses an event with %s: 401 and nothing queued', async (_, token) => {
    const queued = await server.store.queueSize(inboxQueue)
    const res = await postForm(server, '/api/b24/events', outgoingEvent(token, '7406'))
    expect(res.status).toBe(401)
    expect(await server.store.queueSize(inboxQueue)).toBe(queued)
  })

  it('needs no install: the install path is not available', async () => {
    const install = await postForm(server, '/api/b24/install?DOMAIN=x', 'AUTH_ID=a&REFRESH_ID=b&member_id=m1')
    expect(install.status).toBe(409)
  })

  it('opens the SPA API to a frame token the configured portal confirms, as that user', async () => {
    const { access_token } = sandbox.issueTokens(4)
    const me = await server.app.request('/api/app/me', {
      headers: { authorization: `Bearer ${access_token}`, 'x-b24-member-id': sandbox.memberId },
    })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({
      user: { id: 4, isAdmin: false },
      portal: { memberId: sandbox.memberId, domain: new URL(webhookUrl).host },
      connection: { mode: 'webhook' },
    })
  })

  it('refuses a frame of another portal with 401 without calling any portal', async () => {
    const before = sandbox.restLog().length
    const { access_token } = sandbox.issueTokens(1)
    const me = await server.app.request('/api/app/me', {
      headers: { authorization: `Bearer ${access_token}`, 'x-b24-member-id': 'another-portal-member-id' },
    })
    expect(me.status).toBe(401)
    expect((await me.json()).error.code).toBe('PORTAL_NOT_INSTALLED')
    expect(sandbox.restLog().length).toBe(before)
  })

  it('refuses a token the configured portal does not know with 401', async () => {
    const me = await server.app.request('/api/app/me', {
      headers: { authorization: 'Bearer not-a-token-of-this-portal', 'x-b24-member-id': sandbox.memberId },
    })
    expect(me.status).toBe(401)
  })

  it('calls REST through the B24Hook URL form, with the secret in the path and no auth parameter', async () => {
    const portal = createB24HookPortal({ webhookUrl, tlsCa: cert, restrictionParams: { maxRetries: 1 } })
    const before = sandbox.restLog().length
    const people = await portal.people.read()
    expect(people.users.map((u) => u.id)).toContain(1)
    expect(
      sandbox
        .restLog()
        .slice(before)
        .map((e) => [e.method, e.transport, e.status]),
    ).toEqual([
      ['user.get', 'webhook', 200],
      ['department.get', 'webhook', 200],
    ])
  })
})
