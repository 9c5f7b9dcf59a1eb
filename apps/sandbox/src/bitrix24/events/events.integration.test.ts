/**
 * Events as a real portal sends them (§4): the install handshake, key sets of the bodies (parsed with
 * `qs`, a standard bracket-notation parser), no delivery before installFinish, no retry, uninstall.
 */
import qs from 'qs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from '../index.ts'
import { startFormReceiver, type FormReceiver } from '../../test-support/form-receiver.ts'
import { restCall } from '../../test-support/rest-call.ts'

let sandbox: Bitrix24Sandbox
let receiver: FormReceiver
let token: string

const EVENT_AUTH_KEYS = [
  'access_token',
  'expires',
  'expires_in',
  'scope',
  'domain',
  'server_endpoint',
  'status',
  'client_endpoint',
  'member_id',
  'user_id',
  'application_token',
]

function bodiesOf(path: string): Record<string, unknown>[] {
  return receiver.requests.filter((r) => r.path === path).map((r) => qs.parse(r.body) as Record<string, unknown>)
}

async function call(method: string, params: object = {}) {
  const answer = await restCall(sandbox.restUrl, token, method, params)
  expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  return answer.body['result']
}

beforeAll(async () => {
  receiver = await startFormReceiver()
  sandbox = await createBitrix24Sandbox({ rateLimit: false, appUrl: receiver.url('') })
  token = sandbox.issueTokens(1).access_token
  for (const event of [
    'ONAPPINSTALL',
    'ONAPPUNINSTALL',
    'ONCRMDEALADD',
    'ONCRMDEALUPDATE',
    'ONCRMLEADADD',
    'ONTASKADD',
    'ONTASKUPDATE',
    'ONUSERADD',
  ]) {
    await call('event.bind', { event, handler: receiver.url(`/events/${event}`) })
  }
  await call('event.bind', { event: 'onCrmDealUpdate', event_type: 'offline' })
})
afterAll(async () => {
  await sandbox.close()
  await receiver.close()
})

describe('event delivery', () => {
  it('delivers nothing before installFinish', async () => {
    expect(await call('app.info')).toMatchObject({ INSTALLED: false })
    await call('crm.deal.add', { fields: { TITLE: 'До установки' } })
    await sandbox.flushEvents()
    expect(receiver.requests.filter((r) => r.path.startsWith('/events/'))).toHaveLength(0)
    expect(sandbox.offlineEvents()).toHaveLength(0)
  })

  it('posts the §1.2 fields to the install path, then ONAPPINSTALL with tokens on installFinish', async () => {
    await sandbox.install({ userId: 1 })
    await sandbox.flushEvents()
    const page = receiver.requests.find((r) => r.path.startsWith('/api/b24/install?'))
    expect(page?.method).toBe('POST')
    expect(page?.contentType).toBe('application/x-www-form-urlencoded')
    expect(Object.keys(Object.fromEntries(new URL(page?.path ?? '', 'http://x').searchParams))).toEqual([
      'DOMAIN',
      'PROTOCOL',
      'LANG',
      'APP_SID',
    ])
    expect(Object.keys(qs.parse(page?.body ?? ''))).toEqual([
      'AUTH_ID',
      'AUTH_EXPIRES',
      'REFRESH_ID',
      'SERVER_ENDPOINT',
      'APPLICATION_TOKEN',
      'APPLICATION_SCOPE',
      'member_id',
      'status',
      'PLACEMENT',
    ])
    const [install] = bodiesOf('/events/ONAPPINSTALL')
    expect(Object.keys(install ?? {})).toEqual(['event', 'event_handler_id', 'data', 'ts', 'auth'])
    expect(install?.['data']).toEqual({ VERSION: '1', ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'ru' })
    expect(Object.keys(install?.['auth'] as object)).toEqual([
      ...EVENT_AUTH_KEYS.slice(0, 10),
      'refresh_token',
      'application_token',
    ])
    expect(await call('app.info')).toMatchObject({ INSTALLED: true })
  })

  it('sends ONCRMDEALADD with exactly the key set of the reference sample', async () => {
    const id = await call('crm.deal.add', { fields: { TITLE: 'После установки' } })
    await sandbox.flushEvents()
    const [body] = bodiesOf('/events/ONCRMDEALADD')
    const raw = receiver.requests.find((r) => r.path === '/events/ONCRMDEALADD')
    expect(raw?.contentType).toBe('application/x-www-form-urlencoded')
    expect(raw?.body).toContain('data%5BFIELDS%5D%5BID%5D=')
    expect(Object.keys(body ?? {})).toEqual(['event', 'event_handler_id', 'data', 'ts', 'auth'])
    expect(body).toMatchObject({ event: 'ONCRMDEALADD', data: { FIELDS: { ID: String(id) } } })
    expect(Object.keys(body?.['auth'] as object)).toEqual(EVENT_AUTH_KEYS)
    expect(body?.['auth']).toMatchObject({
      scope: 'crm',
      member_id: sandbox.memberId,
      application_token: sandbox.app.applicationToken,
      user_id: '1',
    })
    expect(String(body?.['ts'])).toMatch(/^\d{10}$/)
  })

  it('sends ONTASKUPDATE with FIELDS_BEFORE/FIELDS_AFTER/IS_ACCESSIBLE_*', async () => {
    const added = (await call('tasks.task.add', { fields: { TITLE: 'Проверить договор', RESPONSIBLE_ID: 7 } })) as {
      task: { id: string }
    }
    await call('tasks.task.update', { taskId: added.task.id, fields: { PRIORITY: 2 } })
    await sandbox.flushEvents()
    const [update] = bodiesOf('/events/ONTASKUPDATE')
    expect(update?.['data']).toEqual({
      FIELDS_BEFORE: { ID: added.task.id },
      FIELDS_AFTER: { ID: added.task.id },
      IS_ACCESSIBLE_BEFORE: 'undefined',
      IS_ACCESSIBLE_AFTER: 'undefined',
    })
    expect(bodiesOf('/events/ONTASKADD')[0]?.['data']).toMatchObject({
      FIELDS_BEFORE: 'undefined',
      FIELDS_AFTER: { ID: added.task.id },
    })
  })

  it('sends ONCRMLEADADD like the deal event and ONUSERADD with the user fields directly in data', async () => {
    const leadId = await call('crm.lead.add', { fields: { TITLE: 'Лид' } })
    await call('user.add', {
      EMAIL: 'new.user@romashka.example',
      NAME: 'Олег',
      LAST_NAME: 'Новиков',
      UF_DEPARTMENT: [2],
    })
    await sandbox.flushEvents()
    const [lead] = bodiesOf('/events/ONCRMLEADADD')
    expect(Object.keys(lead ?? {})).toEqual(['event', 'event_handler_id', 'data', 'ts', 'auth'])
    expect(lead?.['data']).toEqual({ FIELDS: { ID: String(leadId) } })
    const [user] = bodiesOf('/events/ONUSERADD')
    expect(user?.['data']).toMatchObject({
      ID: '13',
      ACTIVE: 'Y',
      EMAIL: 'new.user@romashka.example',
      NAME: 'Олег',
      UF_DEPARTMENT: ['2'],
    })
    expect(user?.['auth']).toMatchObject({ scope: 'user' })
  })

  it('does not retry a failed delivery', async () => {
    receiver.respondWith(500)
    const before = receiver.requests.length
    await call('crm.deal.update', { id: 1, fields: { TITLE: 'Обновлено' } })
    await sandbox.flushEvents()
    await new Promise((resolve) => setTimeout(resolve, 300))
    receiver.respondWith(200)
    expect(receiver.requests.slice(before).filter((r) => r.path === '/events/ONCRMDEALUPDATE')).toHaveLength(1)
    expect(sandbox.events().at(-1)).toMatchObject({ event: 'ONCRMDEALUPDATE', status: 500, error: 'HTTP 500' })
  })

  it('keeps only the latest offline record per object', async () => {
    await call('crm.deal.update', { id: 2, fields: { TITLE: 'Раз' } })
    await call('crm.deal.update', { id: 2, fields: { TITLE: 'Два' } })
    const result = (await call('event.offline.get', { filter: { EVENT_NAME: 'ONCRMDEALUPDATE' } })) as {
      events: { MESSAGE_ID: string }[]
    }
    expect(result.events.filter((e) => e.MESSAGE_ID === 'DEAL_2')).toHaveLength(1)
    const again = (await call('event.offline.get')) as { events: unknown[] }
    expect(again.events).toHaveLength(0)
  })

  it('sends ONAPPUNINSTALL without tokens and revokes the app', async () => {
    sandbox.uninstall({ clean: true })
    await sandbox.flushEvents()
    const [body] = bodiesOf('/events/ONAPPUNINSTALL')
    expect(body?.['data']).toEqual({ LANGUAGE_ID: 'ru', CLEAN: '1' })
    expect(Object.keys(body?.['auth'] as object)).toEqual([
      'domain',
      'server_endpoint',
      'client_endpoint',
      'member_id',
      'application_token',
    ])
    const refused = await restCall(sandbox.restUrl, token, 'user.current')
    expect(refused).toMatchObject({ status: 401, body: { error: 'invalid_token' } })
  })
})
