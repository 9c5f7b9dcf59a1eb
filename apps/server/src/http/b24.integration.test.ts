/**
 * The Bitrix24 surface against the sandbox: install from the portal (bindings, installFinish),
 * event intake (authentic, forged, duplicate), uninstall with CLEAN=0 / CLEAN=1, and the takeover attempt.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bitrix24Sandbox } from '../../../sandbox/src/bitrix24/index.ts'
import { openSqliteStore } from '../adapters/store/sqlite/sqlite-store.ts'
import { globalKey, tenantKey } from '../ports/store.ts'
import { eventId, inboxKey, inboxQueue, type InboxEvent } from '../services/event-inbox.ts'
import { loadPortalRecord, type PortalRecord } from '../services/portal-records.ts'
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

const dir = mkdtempSync(join(tmpdir(), 'b24-install-'))
const storeFile = join(dir, 'store.sqlite')
const operatorSecret = 'cron-secret-0123456789'
let listener: Listener
let sandbox: Bitrix24Sandbox
let server: TestServer
const handled: InboxEvent[] = []
let releaseHandler: () => void = () => {}
let handlerGate = Promise.resolve()

beforeAll(async () => {
  listener = await listen()
  sandbox = await startSandbox(listener.url)
  const handlers = new Map([
    [
      'ONCRMDEALADD',
      async (event: InboxEvent) => {
        await handlerGate
        handled.push(event)
      },
    ],
  ])
  const store = openSqliteStore({ file: storeFile })
  server = buildServer(
    { ...oauthEnv(sandbox, listener.url), CRON_SECRET: operatorSecret },
    { eventHandlers: handlers, store },
  )
  listener.use(server.app)
})
afterAll(async () => {
  await sandbox.close()
  await listener.close()
  await server.store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Rows of the store file, in any table, whose key columns (or queue payload) mention `text`. */
function rowsMentioning(text: string): number {
  const columns: [table: string, column: string][] = [
    ['documents', 'key'],
    ['temp_keys', 'key'],
    ['index_members', 'name'],
    ['index_members', 'member'],
    ['queue_items', 'id'],
    ['queue_items', 'payload'],
    ['leases', 'name'],
    ['counters', 'key'],
  ]
  const db = new Database(storeFile, { readonly: true })
  const count = (table: string, column: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} LIKE ?`).get(`%${text}%`) as { n: number }).n
  const total = columns.reduce((sum, [table, column]) => sum + count(table, column), 0)
  db.close()
  return total
}

const lastDelivery = (event: string) =>
  sandbox
    .events()
    .filter((d) => d.event === event)
    .at(-1)
const bindings = () => sandbox.portal.state.eventBindings.map((b) => [b.event, b.handler]).sort()
const placements = () => sandbox.portal.state.placements.map((p) => [p.placement, p.handler]).sort()
const record = async () => (await loadPortalRecord(server.store, sandbox.memberId))?.value as PortalRecord

function installFields(tokens: { access_token: string; refresh_token: string }) {
  return {
    AUTH_ID: tokens.access_token,
    AUTH_EXPIRES: '3600',
    REFRESH_ID: tokens.refresh_token,
    SERVER_ENDPOINT: `${sandbox.oauthServerUrl}/rest/`,
    APPLICATION_TOKEN: sandbox.app.applicationToken,
    member_id: sandbox.memberId,
    status: 'L',
    PLACEMENT: 'DEFAULT',
  }
}

describe('install from the portal', () => {
  it('stores the portal, binds exactly the expected events and placements, then installFinish works', async () => {
    await sandbox.install({ userId: 1 })
    await sandbox.flushEvents()
    await server.drain()
    const events = `${listener.url}/api/b24/events`
    const crm = [
      'ONCRMDEALADD',
      'ONCRMDEALDELETE',
      'ONCRMDEALUPDATE',
      'ONCRMLEADADD',
      'ONCRMLEADDELETE',
      'ONCRMLEADUPDATE',
    ]
    const online = ['ONAPPUNINSTALL', ...crm, 'ONTASKDELETE', 'ONTASKUPDATE', 'ONUSERADD'].map((e) => [e, events])
    // The CRM events are bound offline too (no handler): the backstop the cron tick drains.
    const offline = crm.map((e) => [e, ''])
    expect(bindings()).toEqual([...online, ...offline].sort())
    const app = `${listener.url}/api/b24/app`
    expect(placements()).toEqual([
      ['CRM_DEAL_DETAIL_TAB', app],
      ['CRM_LEAD_DETAIL_TAB', app],
      ['REST_APP_URI', app],
    ])
    expect(sandbox.portal.state.app.installed).toBe(true)
    const stored = await record()
    expect(stored).toMatchObject({ memberId: sandbox.memberId, domain: sandbox.domain, status: 'connected' })
    expect(stored.clientEndpoint).toBe(sandbox.restUrl)
    expect(stored.oauthServer).toBe(sandbox.oauthServerUrl)
    // Tokens and the application token are sealed at rest.
    const raw = JSON.stringify(stored)
    expect(raw).not.toContain(sandbox.app.applicationToken)
    expect(stored.sealedTokens).toMatch(/^v1\./)
  })

  it('answers the install POST with the page that calls installFinish, framed by the portal only', async () => {
    const query = `DOMAIN=${encodeURIComponent(sandbox.domain)}&PROTOCOL=0&LANG=ru&APP_SID=abc`
    const res = await postForm(
      server,
      `/api/b24/install?${query}`,
      bracketEncode(installFields(sandbox.issueTokens(1))),
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toBe(`frame-ancestors ${new URL(sandbox.url).origin}`)
    const html = await res.text()
    expect(html).toContain('installFinish()')
    expect(html).toContain(`"memberId":"${sandbox.memberId}"`)
    expect(html).toContain('"addedEvents":[]')
  })

  it('changes nothing when install runs again', async () => {
    const before = { events: bindings(), placements: placements() }
    const logStart = sandbox.restLog().length
    const query = `DOMAIN=${encodeURIComponent(sandbox.domain)}`
    const res = await postForm(
      server,
      `/api/b24/install?${query}`,
      bracketEncode(installFields(sandbox.issueTokens(1))),
    )
    expect(res.status).toBe(200)
    expect({ events: bindings(), placements: placements() }).toEqual(before)
    const methods = sandbox
      .restLog()
      .slice(logStart)
      .map((e) => e.method)
    expect(methods.filter((m) => m.endsWith('.bind'))).toEqual([])
  })

  it('refuses an install by a user who is not an admin, storing nothing new', async () => {
    const user = sandbox.portal.state.users.find((u) => !u.IS_ADMIN)!
    const before = await loadPortalRecord(server.store, sandbox.memberId)
    const query = `DOMAIN=${encodeURIComponent(sandbox.domain)}`
    const res = await postForm(
      server,
      `/api/b24/install?${query}`,
      bracketEncode(installFields(sandbox.issueTokens(user.ID))),
    )
    expect(res.status).toBe(403)
    expect(await loadPortalRecord(server.store, sandbox.memberId)).toEqual(before)
  })
})

describe('the app page', () => {
  it('serves the app page to the portal frame, framable by that portal only', async () => {
    const fields = {
      ...installFields(sandbox.issueTokens(1)),
      PLACEMENT: 'CRM_DEAL_DETAIL_TAB',
      PLACEMENT_OPTIONS: '{"ID":"1"}',
    }
    const res = await postForm(
      server,
      `/api/b24/app?DOMAIN=${encodeURIComponent(sandbox.domain)}`,
      bracketEncode(fields),
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('content-security-policy')).toBe(`frame-ancestors ${new URL(sandbox.url).origin}`)
    const unknown = await postForm(
      server,
      '/api/b24/app',
      bracketEncode({ ...fields, member_id: 'unknown-portal-0001' }),
    )
    expect(unknown.headers.get('content-security-policy')).toBe("frame-ancestors 'none'")
    const opened = await server.app.request('/api/b24/install')
    expect(opened.status).toBe(200)
    expect(opened.headers.get('content-security-policy')).toBe("frame-ancestors 'none'")
    expect(await opened.text()).not.toContain('installFinish')
  })

  it('answers a broken multipart frame POST with 400 MALFORMED_BODY, and still reads a sound one', async () => {
    const broken = await server.app.request('/api/b24/app', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="member_id"\r\n\r\nno closing boundary',
    })
    expect(broken.status).toBe(400)
    expect(await broken.json()).toMatchObject({ error: { code: 'MALFORMED_BODY' } })
    const form = new FormData()
    form.set('member_id', sandbox.memberId)
    const sound = await server.app.request('/api/b24/app', { method: 'POST', body: form })
    expect(sound.status).toBe(200)
    expect(sound.headers.get('content-security-policy')).toBe(`frame-ancestors ${new URL(sandbox.url).origin}`)
  })
})

describe('event intake', () => {
  it('persists a genuine ONCRMDEALADD before answering 200 and handles it after', async () => {
    handlerGate = new Promise((resolve) => (releaseHandler = resolve))
    await sandbox.callAsUser(1, 'crm.deal.add', { fields: { TITLE: 'Согласовать договор' } })
    await sandbox.flushEvents()
    const delivery = lastDelivery('ONCRMDEALADD')!
    expect(delivery.status).toBe(200)
    const body = new URLSearchParams(delivery.body)
    const id = eventId({
      memberId: sandbox.memberId,
      event: 'ONCRMDEALADD',
      eventHandlerId: body.get('event_handler_id') ?? undefined,
      ts: body.get('ts') ?? undefined,
      data: { FIELDS: { ID: body.get('data[FIELDS][ID]') } },
    })
    const stored = await server.store.get<InboxEvent>(inboxKey(sandbox.memberId, id))
    expect(stored?.value).toMatchObject({ event: 'ONCRMDEALADD', status: 'pending', memberId: sandbox.memberId })
    expect(JSON.stringify(stored?.value)).not.toContain(body.get('auth[access_token]'))
    expect(handled).toHaveLength(0)
    releaseHandler()
    await server.drain()
    expect(handled.map((e) => e.id)).toEqual([id])
    expect((await server.store.get<InboxEvent>(inboxKey(sandbox.memberId, id)))?.value.status).toBe('done')

    // The same delivery again: acknowledged, not processed twice.
    const again = await postForm(server, '/api/b24/events', delivery.body)
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ result: 'duplicate' })
    await server.drain()
    expect(handled).toHaveLength(1)
  })

  it('records and acknowledges an event that has no handler', async () => {
    await sandbox.callAsUser(1, 'crm.lead.add', { fields: { TITLE: 'Лид' } })
    await sandbox.flushEvents()
    await server.drain()
    const delivery = lastDelivery('ONCRMLEADADD')!
    expect(delivery.status).toBe(200)
    expect(await server.store.queueSize(inboxQueue)).toBe(0)
  })

  const forged = (auth: Record<string, unknown>) =>
    bracketEncode({
      event: 'ONCRMDEALADD',
      event_handler_id: '1',
      data: { FIELDS: { ID: '999' } },
      ts: '1766047124',
      auth,
    })

  it.each([
    ['a wrong application_token', { member_id: 'MEMBER', application_token: 'forged-token' }],
    ['no application_token', { member_id: 'MEMBER' }],
    ['an unknown member_id', { member_id: 'unknown-portal-0001', application_token: 'TOKEN' }],
  ])('refuses an event with %s: 401 and nothing stored', async (_, auth: Record<string, string>) => {
    const memberId = auth['member_id'] === 'MEMBER' ? sandbox.memberId : auth['member_id']!
    const real: Record<string, string> = { ...auth, member_id: memberId }
    if (real['application_token'] === 'TOKEN') real['application_token'] = sandbox.app.applicationToken
    const queued = await server.store.queueSize(inboxQueue)
    const res = await postForm(server, '/api/b24/events', forged(real))
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'EVENT_NOT_AUTHENTIC' } })
    const id = eventId({
      memberId,
      event: 'ONCRMDEALADD',
      eventHandlerId: '1',
      ts: '1766047124',
      data: { FIELDS: { ID: '999' } },
    })
    expect(await server.store.get(inboxKey(memberId, id))).toBeNull()
    expect(await server.store.queueSize(inboxQueue)).toBe(queued)
  })

  it('answers 400 to a malformed body and 415 to a body that is not form-encoded', async () => {
    const noAuth = await postForm(server, '/api/b24/events', 'event=ONCRMDEALADD&data[FIELDS][ID]=1')
    expect(noAuth.status).toBe(400)
    expect(await noAuth.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
    const json = await server.app.request('/api/b24/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'ONCRMDEALADD' }),
    })
    expect(json.status).toBe(415)
  })
})

describe('takeover attempt', () => {
  it('refuses an install that points DOMAIN and SERVER_ENDPOINT at an untrusted server', async () => {
    const evil = await listen()
    const seen: string[] = []
    evil.use({ fetch: (request) => (seen.push(new URL(request.url).pathname), Response.json({ result: {} })) })
    const before = await loadPortalRecord(server.store, sandbox.memberId)
    const fields = {
      ...installFields({ access_token: 'attacker-access', refresh_token: 'attacker-refresh' }),
      SERVER_ENDPOINT: `${evil.url}/rest/`,
    }
    const res = await postForm(
      server,
      `/api/b24/install?DOMAIN=${encodeURIComponent(new URL(evil.url).host)}`,
      bracketEncode(fields),
    )
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'OAUTH_SERVER_NOT_TRUSTED' } })
    // Same attempt with the trusted server but the attacker's domain and a genuine token of this portal.
    const genuine = { ...installFields(sandbox.issueTokens(1)), SERVER_ENDPOINT: `${sandbox.oauthServerUrl}/rest/` }
    const res2 = await postForm(
      server,
      `/api/b24/install?DOMAIN=${encodeURIComponent(new URL(evil.url).host)}`,
      bracketEncode(genuine),
    )
    expect(res2.status).toBe(401)
    expect(await res2.json()).toMatchObject({ error: { code: 'PORTAL_MISMATCH' } })
    expect(await loadPortalRecord(server.store, sandbox.memberId)).toEqual(before)
    expect(seen).toEqual([])
    await evil.close()
  })
})

describe('uninstall', () => {
  it('with CLEAN=0 keeps the record as uninstalled and refuses later events', async () => {
    sandbox.uninstall({ clean: false })
    await sandbox.flushEvents()
    expect(lastDelivery('ONAPPUNINSTALL')?.status).toBe(200)
    const stored = await record()
    expect(stored).toMatchObject({ status: 'uninstalled', sealedTokens: null })
    const res = await postForm(
      server,
      '/api/b24/events',
      bracketEncode({
        event: 'ONCRMDEALADD',
        data: { FIELDS: { ID: '5' } },
        auth: { member_id: sandbox.memberId, application_token: sandbox.app.applicationToken },
      }),
    )
    expect(res.status).toBe(401)
  })

  it('with CLEAN=1 removes every key of the portal and nothing else', async () => {
    await sandbox.install({ userId: 1 })
    await sandbox.flushEvents()
    await server.drain()
    expect((await record()).status).toBe('connected')
    const other = tenantKey('other-portal-0001', 'portal')
    await server.store.put(other, { keep: true })
    await server.store.indexAdd(globalKey('portals', 'connected'), 'other-portal-0001', 1)
    await sandbox.callAsUser(1, 'crm.deal.add', { fields: { TITLE: 'Перед удалением' } })
    await sandbox.flushEvents()
    await server.drain()
    await server.store.putIfAbsent(tenantKey(sandbox.memberId, 'frame-auth', 'x'), { userId: 1 }, 60_000)
    expect(rowsMentioning(sandbox.memberId)).toBeGreaterThan(3)
    const otherRows = rowsMentioning('other-portal-0001')
    sandbox.uninstall({ clean: true })
    await sandbox.flushEvents()
    expect(rowsMentioning(sandbox.memberId)).toBe(0)
    expect(rowsMentioning('other-portal-0001')).toBe(otherRows)
    expect(await loadPortalRecord(server.store, sandbox.memberId)).toBeNull()
    expect(await server.store.getTemp(tenantKey(sandbox.memberId, 'frame-auth', 'x'))).toBeNull()
    expect(handled.length).toBeGreaterThan(1)
    for (const event of handled) expect(await server.store.get(inboxKey(sandbox.memberId, event.id))).toBeNull()
    expect(await server.store.get(other)).toEqual({ value: { keep: true }, version: 1 })
    const operator = { authorization: `Bearer ${operatorSecret}` }
    const health = await (await server.app.request('/api/health', { headers: operator })).json()
    expect(health.portals).toEqual({ connected: 1, needsReauthorization: [] })
  })
})
