/**
 * The full install from the sandbox portal UI in Debian's Chromium. The portal
 * POSTs into its app frame, the server vouches, stores and binds, and its install page runs the real b24jssdk
 * `installFinish()`, after which the portal reloads into the handler path.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bitrix24Sandbox } from '../../../sandbox/src/bitrix24/index.ts'
import { launchChromium } from '../../../sandbox/src/test-support/chromium.ts'
import { loadPortalRecord } from '../services/portal-records.ts'
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
let browser: Browser
let page: Page

beforeAll(async () => {
  listener = await listen()
  sandbox = await startSandbox(listener.url)
  server = buildServer(oauthEnv(sandbox, listener.url), { spaIndexFile: '/nonexistent/index.html' })
  listener.use(server.app)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await sandbox?.close()
  await listener?.close()
  await server?.store.close()
})

const bindings = () => sandbox.portal.state.eventBindings.map((b) => b.event).sort()
const placements = () => sandbox.portal.state.placements.map((p) => p.placement).sort()

describe('install from the portal UI', () => {
  it('binds what the app needs and finishes the install with the real installFinish()', async () => {
    page = await browser.newPage()
    const installPage = page.waitForResponse((r) => r.url().startsWith(`${listener.url}/api/b24/install`))
    await page.goto(`${sandbox.url}/marketplace/app/${sandbox.app.clientId}/`)
    const response = await installPage
    expect(response.status()).toBe(200)
    await page.waitForURL(/install_finished=Y/, { timeout: 20_000 })
    expect(sandbox.portal.state.app.installed).toBe(true)
    const crm = [
      'ONCRMDEALADD',
      'ONCRMDEALDELETE',
      'ONCRMDEALUPDATE',
      'ONCRMLEADADD',
      'ONCRMLEADDELETE',
      'ONCRMLEADUPDATE',
    ]
    // Online and, for the CRM events, offline too.
    expect(bindings()).toEqual([...crm, ...crm, 'ONAPPUNINSTALL', 'ONTASKDELETE', 'ONTASKUPDATE', 'ONUSERADD'].sort())
    expect(placements()).toEqual(['CRM_DEAL_DETAIL_TAB', 'CRM_LEAD_DETAIL_TAB', 'REST_APP_URI'])
    expect((await loadPortalRecord(server.store, sandbox.memberId))?.value.status).toBe('connected')
    // After the reload the portal opens the handler path, not the install page.
    const frame = await (await page.waitForSelector('.app-layout iframe')).contentFrame()
    await frame!.waitForURL(`${listener.url}/api/b24/app**`)
  })

  it('opening the app again loads the handler path and binds nothing', async () => {
    const before = { events: bindings(), placements: placements() }
    const logStart = sandbox.restLog().length
    await page.goto(`${sandbox.url}/marketplace/app/${sandbox.app.clientId}/`)
    const frame = await (await page.waitForSelector('.app-layout iframe')).contentFrame()
    await frame!.waitForURL(`${listener.url}/api/b24/app**`)
    expect({ events: bindings(), placements: placements() }).toEqual(before)
    expect(
      sandbox
        .restLog()
        .slice(logStart)
        .filter((e) => e.method.endsWith('.bind')),
    ).toEqual([])
  })
})
