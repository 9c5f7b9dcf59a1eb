/**
 * The install handshake the portal page drives (§1.1–§1.3, §6.1, §6.5).
 */
import qs from 'qs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox, type FrameLaunch } from './index.ts'
import { startFormReceiver, type FormReceiver } from '../test-support/form-receiver.ts'
import { restCall } from '../test-support/rest-call.ts'

let sandbox: Bitrix24Sandbox
let receiver: FormReceiver

beforeAll(async () => {
  receiver = await startFormReceiver()
  sandbox = await createBitrix24Sandbox({ rateLimit: false, appUrl: receiver.url('') })
})
afterAll(async () => {
  await sandbox.close()
  await receiver.close()
})

describe('opening the application', () => {
  it('refuses a non-admin before installFinish and gives the admin the install page', () => {
    expect(sandbox.openApplication(3)).toBe('APP_NOT_INSTALLED')
    const launch = sandbox.openApplication(1) as FrameLaunch
    const action = new URL(launch.actionUrl)
    expect(action.pathname).toBe('/api/b24/install')
    expect(action.searchParams.get('APP_SID')).toBe(launch.appSid)
    expect(launch.frameName).toBe(`${sandbox.domain}|0|${launch.appSid}`)
    expect(launch.initData).toMatchObject({
      INSTALL: true,
      FIRST_RUN: true,
      IS_ADMIN: true,
      PLACEMENT: 'DEFAULT',
      PLACEMENT_OPTIONS: '',
      PROTOCOL: 0,
      PATH: '/rest',
    })
    expect(launch.fields['AUTH_ID']).toBe(launch.initData['AUTH_ID'])
  })

  it('opens a bound placement with PLACEMENT_OPTIONS as a JSON string once installed', async () => {
    sandbox.finishInstall(1)
    const token = sandbox.issueTokens(1).access_token
    const handler = receiver.url('/api/b24/app?placement=deal')
    const bound = await restCall(sandbox.restUrl, token, 'placement.bind', {
      PLACEMENT: 'CRM_DEAL_DETAIL_TAB',
      HANDLER: handler,
      TITLE: 'Согласования',
    })
    expect(bound.body['result']).toBe(true)
    const launch = sandbox.openApplication(4, {
      placement: 'CRM_DEAL_DETAIL_TAB',
      placementOptions: { ID: '7' },
    }) as FrameLaunch
    expect(launch.actionUrl.startsWith(`${handler}&DOMAIN=`)).toBe(true)
    expect(launch.fields).toMatchObject({ PLACEMENT: 'CRM_DEAL_DETAIL_TAB', PLACEMENT_OPTIONS: '{"ID":"7"}' })
    expect(launch.initData).toMatchObject({ INSTALL: false, IS_ADMIN: false, PLACEMENT_OPTIONS: { ID: '7' } })
    const placements = await restCall(sandbox.restUrl, token, 'placement.get')
    expect(placements.body['result']).toEqual([
      {
        placement: 'CRM_DEAL_DETAIL_TAB',
        userId: 0,
        handler,
        options: [],
        title: 'Согласования',
        description: '',
        langAll: [],
      },
    ])
  })

  it('marks the first run done per user and refreshes frame auth with a new pair', () => {
    sandbox.markFirstRunDone(1)
    expect((sandbox.openApplication(1) as FrameLaunch).initData['FIRST_RUN']).toBe(false)
    const refreshed = sandbox.refreshFrameAuth(1)
    expect(refreshed).toMatchObject({ AUTH_EXPIRES: '3600' })
    expect(refreshed.AUTH_ID).toMatch(/^[0-9a-f]{70}$/)
  })

  it('installs an API-only app by POSTing ONAPPINSTALL to the install path (§1.1)', async () => {
    sandbox.uninstall({ clean: false })
    const oldToken = sandbox.app.applicationToken
    await sandbox.install({ apiOnly: true })
    await sandbox.flushEvents()
    const posted = receiver.requests.filter((r) => r.path === '/api/b24/install').map((r) => qs.parse(r.body))
    expect(posted.at(-1)).toMatchObject({
      event: 'ONAPPINSTALL',
      data: { INSTALLED: 'Y' },
      auth: { application_token: sandbox.app.applicationToken },
    })
    expect(sandbox.app.applicationToken).not.toBe(oldToken)
  })
})
