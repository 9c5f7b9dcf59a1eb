/**
 * Offline events (§4.6): latest state per object, `ONOFFLINEEVENT` notices throttled by `minTimeout`,
 * the reserve-then-clear mode with `process_id`.
 */
import qs from 'qs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from '../index.ts'
import { startFormReceiver, type FormReceiver } from '../../test-support/form-receiver.ts'
import { restCall } from '../../test-support/rest-call.ts'

let sandbox: Bitrix24Sandbox
let receiver: FormReceiver
let token: string

async function call(method: string, params: object = {}) {
  const answer = await restCall(sandbox.restUrl, token, method, params)
  expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  return answer.body['result']
}

beforeAll(async () => {
  receiver = await startFormReceiver()
  sandbox = await createBitrix24Sandbox({ rateLimit: false })
  await sandbox.install({ openInstallPage: false })
  token = sandbox.issueTokens(1).access_token
  await call('event.bind', { event: 'ONCRMDEALUPDATE', event_type: 'offline' })
  await call('event.bind', { event: 'ONOFFLINEEVENT', handler: receiver.url('/offline'), options: { minTimeout: 60 } })
})
afterAll(async () => {
  await sandbox.close()
  await receiver.close()
})

describe('offline events', () => {
  it('refuses offline binding for a non-admin', async () => {
    const answer = await restCall(sandbox.restUrl, sandbox.issueTokens(3).access_token, 'event.bind', {
      event: 'ONCRMLEADADD',
      event_type: 'offline',
    })
    expect(answer).toMatchObject({ status: 403, body: { error: 'ACCESS_DENIED' } })
  })

  it('notifies once per minTimeout with empty data and a refresh_token', async () => {
    await call('crm.deal.update', { id: 1, fields: { TITLE: 'a' } })
    await call('crm.deal.update', { id: 2, fields: { TITLE: 'b' } })
    await call('crm.deal.update', { id: 1, fields: { TITLE: 'c' } })
    await sandbox.flushEvents()
    expect(receiver.requests).toHaveLength(1)
    const notice = qs.parse(receiver.requests[0]?.body ?? '') as Record<string, unknown>
    expect(notice['event']).toBe('ONOFFLINEEVENT')
    expect(notice['data']).toBeUndefined()
    expect(Object.keys(notice['auth'] as object)).toContain('refresh_token')
    expect(sandbox.offlineEvents().map((e) => e.MESSAGE_ID)).toEqual(['DEAL_1', 'DEAL_2'])
  })

  it('reserves records under a process_id and clears them by it', async () => {
    const reserved = (await call('event.offline.get', { clear: 0, limit: 1 })) as {
      process_id: string
      events: { ID: string }[]
    }
    expect(reserved.process_id).toMatch(/^[0-9a-f]{32}$/)
    expect(reserved.events).toHaveLength(1)
    const again = (await call('event.offline.get', { clear: 0 })) as { events: { ID: string }[] }
    expect(again.events.map((e) => e.ID)).not.toContain(reserved.events[0]?.ID)
    expect(await call('event.offline.clear', { process_id: reserved.process_id })).toBe(true)
    const listed = (await call('event.offline.list')) as { ID: string }[]
    expect(listed.map((e) => e.ID)).not.toContain(reserved.events[0]?.ID)
  })
})
