/**
 * The Employees pages and the outgoing-webhook form over HTTP: an administrator edits profile fields, dismisses and
 * brings back a user, invites one, and sets up an outgoing webhook; `user.get` reads the changes and the portal
 * sends the events Bitrix24 sends, form-encoded with the webhook's `auth[application_token]`.
 */
import qs from 'qs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from '../../index.ts'
import { PORTAL_USER_COOKIE } from '../../oauth/token-server.ts'
import { startFormReceiver, type FormReceiver } from '../../../test-support/form-receiver.ts'
import { restAsApp } from '../../../test-support/portal-browser.ts'

let sandbox: Bitrix24Sandbox
let receiver: FormReceiver

beforeAll(async () => {
  receiver = await startFormReceiver()
  sandbox = await createBitrix24Sandbox({ appUrl: 'http://127.0.0.1:9', rateLimit: false })
  await sandbox.install({ userId: 1, apiOnly: true })
  await restAsApp(sandbox, 'user.userfield.add', { fields: { FIELD_NAME: 'TELEGRAM_ID', LABEL: 'Telegram' } })
})
afterAll(async () => {
  await sandbox?.close()
  await receiver?.close()
})
beforeEach(() => void receiver.requests.splice(0))

/** Submits a portal form as `userId` (default: the administrator). */
const submit = (path: string, form: Record<string, string>, userId = 1) =>
  fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${PORTAL_USER_COOKIE}=${userId}` },
    body: new URLSearchParams(form).toString(),
  })

const userGet = async (id: number) =>
  ((await restAsApp(sandbox, 'user.get', { ID: id })) as Record<string, unknown>[])[0]!

const received = async () => {
  await sandbox.flushEvents()
  return receiver.requests.map((r) => qs.parse(r.body))
}

async function addWebhook(events: string[]): Promise<string> {
  const form = {
    handler: receiver.url('/api/b24/events'),
    ...Object.fromEntries(events.map((e) => [`event_${e}`, 'on'])),
  }
  expect((await submit('/devops/outgoing-webhook/add/', form)).status).toBe(303)
  const page = await (await fetch(`${sandbox.url}/devops/outgoing-webhook/`)).text()
  expect(page).toContain(receiver.url('/api/b24/events'))
  return sandbox.portal.state.outgoingWebhooks.at(-1)!.applicationToken
}

describe('the outgoing-webhook form', () => {
  it('saves the handler and ticked events with a generated token, shown on the page', async () => {
    const token = await addWebhook(['ONUSERADD', 'ONUSERUPDATE'])
    expect(token).toMatch(/^[0-9a-f]{32}$/)
    const page = await (await fetch(`${sandbox.url}/devops/outgoing-webhook/`)).text()
    expect(page).toContain(token)
    expect(page).toMatch(/name="event_ONUSERUPDATE"\s+checked/)
  })

  it('refuses a handler that is not an http(s) URL, or no event ticked, changing nothing', async () => {
    const before = sandbox.portal.state.outgoingWebhooks.length
    expect((await submit('/devops/outgoing-webhook/add/', { handler: 'ftp://x', event_ONUSERADD: 'on' })).status).toBe(
      400,
    )
    expect((await submit('/devops/outgoing-webhook/add/', { handler: receiver.url('/x') })).status).toBe(400)
    expect((await submit('/devops/outgoing-webhook/add/', { handler: receiver.url('/x') }, 3)).status).toBe(403)
    expect(sandbox.portal.state.outgoingWebhooks).toHaveLength(before)
  })
})

describe('the Employees pages', () => {
  it('edits a user field: user.get reads it and ONUSERUPDATE goes to the outgoing webhook only', async () => {
    const token = sandbox.portal.state.outgoingWebhooks[0]!.applicationToken
    const response = await submit('/company/personal/user/4/edit/', { NAME: 'Ольга', UF_USR_TELEGRAM_ID: '700000004' })
    expect(response.status).toBe(303)
    expect(await userGet(4)).toMatchObject({ NAME: 'Ольга', UF_USR_TELEGRAM_ID: '700000004' })
    const [event] = await received()
    expect(event).toMatchObject({
      event: 'ONUSERUPDATE',
      data: { ID: '4', ACTIVE: 'Y', UF_USR_TELEGRAM_ID: '700000004' },
    })
    expect(event!['auth']).toMatchObject({ application_token: token, member_id: sandbox.memberId })
    expect(event!['auth']).not.toHaveProperty('access_token')
    const page = await (await fetch(`${sandbox.url}/company/personal/user/4/`)).text()
    expect(page).toContain('value="700000004"')
  })

  it('dismisses and brings back a user: ACTIVE false in user.get, ONUSERUPDATE with ACTIVE=N then Y', async () => {
    expect((await submit('/company/personal/user/5/active/', { ACTIVE: 'N' })).status).toBe(303)
    expect(await userGet(5)).toMatchObject({ ACTIVE: false })
    const active = (await restAsApp(sandbox, 'user.get', { FILTER: { ACTIVE: true } })) as { ID: string }[]
    expect(active.map((u) => u.ID)).not.toContain('5')
    expect((await submit('/company/personal/user/5/active/', { ACTIVE: 'Y' })).status).toBe(303)
    expect(await userGet(5)).toMatchObject({ ACTIVE: true })
    expect((await received()).map((e) => [e['event'], (e['data'] as qs.ParsedQs).ACTIVE])).toEqual([
      ['ONUSERUPDATE', 'N'],
      ['ONUSERUPDATE', 'Y'],
    ])
  })

  it('refuses a non-administrator, a bad ACTIVE and dismissing oneself, changing nothing', async () => {
    expect((await submit('/company/personal/user/5/active/', { ACTIVE: 'N' }, 3)).status).toBe(403)
    expect((await submit('/company/personal/user/5/active/', { ACTIVE: 'maybe' })).status).toBe(400)
    expect((await submit('/company/personal/user/1/active/', { ACTIVE: 'N' })).status).toBe(400)
    expect((await submit('/company/personal/user/5/edit/', { NAME: 'X' }, 3)).status).toBe(403)
    expect((await submit('/company/personal/user/999/edit/', { NAME: 'X' })).status).toBe(404)
    expect(await userGet(5)).toMatchObject({ ACTIVE: true })
    expect(await received()).toEqual([])
  })

  it('invites a user: ONUSERADD with the user fields in data', async () => {
    const response = await submit('/company/invite/', { EMAIL: 'new@example.com', NAME: 'Новый', UF_DEPARTMENT: '2' })
    expect(response.status).toBe(303)
    const id = Number(/user\/(\d+)\/$/.exec(response.headers.get('location') ?? '')?.[1])
    expect(await userGet(id)).toMatchObject({ EMAIL: 'new@example.com', UF_DEPARTMENT: [2], ACTIVE: true })
    const [event] = await received()
    expect(event).toMatchObject({ event: 'ONUSERADD', data: { ID: String(id), NAME: 'Новый' } })
  })
})
