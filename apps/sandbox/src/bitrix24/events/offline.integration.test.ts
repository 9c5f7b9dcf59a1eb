/**
 * Offline events (§4.6): latest state per object, `ONOFFLINEEVENT` notices throttled by `minTimeout`,
 * the reserve-then-clear mode with `process_id`; online deliveries lost on the way (never retried) while the
 * offline queue still records the change; deletions of deals and leads; the lead's last status move.
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

  it('keeps recording offline what an online delivery lost, and deletions with the id in EVENT_DATA', async () => {
    await call('event.bind', { event: 'ONCRMDEALUPDATE', handler: receiver.url('/online') })
    await call('event.bind', { event: 'ONCRMDEALDELETE', event_type: 'offline' })
    await call('event.bind', { event: 'ONCRMLEADDELETE', event_type: 'offline' })
    sandbox.loseNextDeliveries('ONCRMDEALUPDATE', 1)
    await call('crm.deal.update', { id: 3, fields: { TITLE: 'lost online' } })
    await call('crm.deal.update', { id: 4, fields: { TITLE: 'delivered' } })
    await call('crm.deal.delete', { id: 5 })
    await call('crm.lead.delete', { id: 1 })
    await sandbox.flushEvents()
    const online = receiver.requests.filter((r) => r.path === '/online')
    expect(online.map((r) => (qs.parse(r.body) as { data: { FIELDS: { ID: string } } }).data.FIELDS.ID)).toEqual(['4'])
    expect(sandbox.events().filter((e) => e.error?.startsWith('lost'))).toHaveLength(1)
    const taken = (await call('event.offline.get', { clear: 0, limit: 50 })) as {
      events: { EVENT_NAME: string; EVENT_DATA: { FIELDS: { ID: string } } }[]
    }
    const named = taken.events.map((e) => `${e.EVENT_NAME} ${e.EVENT_DATA.FIELDS.ID}`)
    expect(named).toEqual(expect.arrayContaining(['ONCRMDEALUPDATE 3', 'ONCRMDEALUPDATE 4', 'ONCRMDEALDELETE 5']))
    expect(named).toContain('ONCRMLEADDELETE 1')
    expect(sandbox.deals().some((d) => d.ID === '5')).toBe(false)
    const missing = await restCall(sandbox.restUrl, token, 'crm.deal.get', { id: 5 })
    expect(missing.status).toBe(400)
  })

  it("stamps a lead's status change in MOVED_TIME, not its other edits", async () => {
    const id = Number(await call('crm.lead.add', { fields: { TITLE: 'Лид' } }))
    const created = (await call('crm.lead.get', { id })) as { MOVED_TIME: string; DATE_CREATE: string }
    expect(created.MOVED_TIME).toBe(created.DATE_CREATE)
    sandbox.portal.now = () => Date.now() + 5_000
    await call('crm.lead.update', { id, fields: { TITLE: 'Лид (правка)' } })
    expect(((await call('crm.lead.get', { id })) as { MOVED_TIME: string }).MOVED_TIME).toBe(created.MOVED_TIME)
    await call('crm.lead.update', { id, fields: { STATUS_ID: 'IN_PROCESS' } })
    const moved = (await call('crm.lead.get', { id })) as { MOVED_TIME: string; DATE_MODIFY: string }
    expect(moved.MOVED_TIME).not.toBe(created.MOVED_TIME)
    expect(moved.MOVED_TIME).toBe(moved.DATE_MODIFY)
    sandbox.portal.now = () => Date.now()
  })
})
