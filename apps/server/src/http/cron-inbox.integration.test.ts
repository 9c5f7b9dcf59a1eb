import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bitrix24Sandbox } from '../../../sandbox/src/bitrix24/index.ts'
import type { InboxEvent } from '../services/event-inbox.ts'
import {
  buildServer,
  listen,
  oauthEnv,
  startSandbox,
  type Listener,
  type TestServer,
} from '../test-support/app-server.ts'

let listener: Listener
let sandbox: Bitrix24Sandbox
let server: TestServer
let now = Date.parse('2026-11-25T10:00:00Z')
let failuresLeft = 1
const handled: InboxEvent[] = []

beforeAll(async () => {
  listener = await listen()
  sandbox = await startSandbox(listener.url)
  const onDealAdd = async (event: InboxEvent) => {
    if (failuresLeft-- > 0) throw new Error('the handler failed once')
    handled.push(event)
  }
  server = buildServer(oauthEnv(sandbox, listener.url), {
    eventHandlers: new Map([['ONCRMDEALADD', onDealAdd]]),
    clock: { now: () => now },
  })
  listener.use(server.app)
  await sandbox.install({ userId: 1 })
  await sandbox.flushEvents()
  await server.drain()
})
afterAll(async () => {
  await sandbox.close()
  await listener.close()
  await server.store.close()
})

const tick = () => server.app.request('/api/cron/tick', { method: 'POST' })

describe('the cron tick', () => {
  it('resumes a Bitrix24 event whose processing failed after the answer, once', async () => {
    await sandbox.callAsUser(1, 'crm.deal.add', { fields: { TITLE: 'Поставка бумаги' } })
    await sandbox.flushEvents()
    await server.drain()
    expect(failuresLeft).toBe(0)
    expect(handled).toHaveLength(0)

    expect((await tick()).status).toBe(200)
    expect(handled).toHaveLength(0) // not due yet: the retry waits for its backoff

    now += 60_000
    expect((await tick()).status).toBe(200)
    expect(handled.map((e) => e.event)).toEqual(['ONCRMDEALADD'])

    now += 60 * 60_000
    expect((await tick()).status).toBe(200)
    expect(handled).toHaveLength(1)
  })
})
