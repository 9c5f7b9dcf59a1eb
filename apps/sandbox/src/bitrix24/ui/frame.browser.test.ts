/**
 * Browser acceptance of the portal's app frame: the real `initializeB24Frame()` of
 * `@bitrix24/b24jssdk` runs in a test app opened through the sandbox portal's frame in Debian's Chromium.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Browser, Frame, Page } from 'playwright-core'
import qs from 'qs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from '../index.ts'
import { appFrame, callFromFrame, frameReport as report } from '../../test-support/portal-browser.ts'
import { launchChromium } from '../../test-support/chromium.ts'
import { startFrameTestApp, type FrameTestApp } from '../../test-support/frame-test-app/frame-test-app.ts'

const screenshots = fileURLToPath(new URL('../../../test-results/bitrix24-ui/', import.meta.url))
let sandbox: Bitrix24Sandbox
let testApp: FrameTestApp
let browser: Browser

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  testApp = await startFrameTestApp()
  sandbox = await createBitrix24Sandbox({ appUrl: testApp.origin, rateLimit: false })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await sandbox?.close()
  await testApp?.close()
})

const dealAddEvents = () => sandbox.events().filter((delivery) => delivery.event === 'ONCRMDEALADD')

// The steps share one page and run in order: install page → installFinish → handler page.
let page: Page
let frame: Frame

describe('the portal app frame with the real b24jssdk', () => {
  it('opens the install page through the §1.2 POST; initializeB24Frame() reads auth and placement', async () => {
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(`${sandbox.url}/marketplace/app/${sandbox.app.clientId}/`)
    frame = await appFrame(page, `${testApp.origin}/api/b24/install`)
    const installReport = await report(frame)
    expect(installReport).toMatchObject({
      ok: true,
      isInstallMode: true,
      isFirstRun: true,
      isAdmin: true,
      placement: 'DEFAULT',
      memberId: sandbox.memberId,
      targetOrigin: sandbox.url,
    })
    const post = testApp.frameLoads.at(-1)!
    expect(post.query).toMatchObject({ DOMAIN: sandbox.domain, PROTOCOL: '0', LANG: 'ru' })
    expect(post.query.APP_SID).toMatch(/^[0-9a-f]{32}$/)
    expect(await page.getAttribute('.app-layout iframe', 'name')).toBe(`${sandbox.domain}|0|${post.query.APP_SID}`)
    expect(post.contentType).toBe('application/x-www-form-urlencoded')
    expect(new URLSearchParams(post.body).get('AUTH_ID')).toBe(installReport.accessToken)
    expect(await callFromFrame(frame, 'app.info')).toMatchObject({ INSTALLED: false })
    await page.screenshot({ path: `${screenshots}install-page.png` })
  })

  it('delivers no event before installFinish()', async () => {
    await callFromFrame(frame, 'event.bind', { event: 'ONCRMDEALADD', handler: `${testApp.origin}/api/b24/events` })
    await sandbox.callAsUser(1, 'crm.deal.add', { fields: { TITLE: 'До установки' } })
    await sandbox.flushEvents()
    expect(dealAddEvents()).toHaveLength(0)
  })

  it('installFinish() reloads the page into the handler, flips app.info INSTALLED and starts event delivery', async () => {
    await Promise.all([page.waitForURL(/install_finished=Y/), frame.evaluate(() => void window.b24!.installFinish())])
    frame = await appFrame(page, `${testApp.origin}/api/b24/app`)
    expect(await report(frame)).toMatchObject({ ok: true, isInstallMode: false, isFirstRun: false })
    expect(await callFromFrame(frame, 'app.info')).toMatchObject({ INSTALLED: true })
    await sandbox.callAsUser(1, 'crm.deal.add', { fields: { TITLE: 'После установки' } })
    await sandbox.flushEvents()
    expect(dealAddEvents()).toHaveLength(1)
    expect(qs.parse(testApp.events.at(-1)!.body)).toMatchObject({ event: 'ONCRMDEALADD' })
  })

  it('resizeWindow resizes the frame and setTitle retitles the page', async () => {
    const size = await frame.evaluate(() => window.b24!.parent.resizeWindow(640, 1234))
    expect(size).toMatchObject({ height: 1234, width: 640 })
    const box = await page.locator('.app-layout iframe').boundingBox()
    expect(box?.height).toBe(1234)
    await frame.evaluate(() => window.b24!.parent.setTitle('Согласования в Telegram'))
    await expect.poll(() => page.textContent('#pagetitle')).toBe('Согласования в Telegram')
    await page.screenshot({ path: `${screenshots}app-page.png` })
  })

  it('setAppOption and setUserOption are saved by the portal; getInterface of DEFAULT is empty', async () => {
    await frame.evaluate(() => window.b24!.options.appSet('botName', 'approvals_bot'))
    await frame.evaluate(() => window.b24!.options.userSet('tab', 'mine'))
    expect(await callFromFrame(frame, 'app.option.get', { option: 'botName' })).toBe('approvals_bot')
    expect(sandbox.portal.state.userOptions['1']).toMatchObject({ tab: 'mine' })
    expect(await frame.evaluate(() => window.b24!.placement.getInterface())).toEqual({ command: [], event: [] })
  })

  it('refreshAuth gives the frame a new working token', async () => {
    const oldToken = (await report(frame)).accessToken
    const refreshed = await frame.evaluate(() => window.b24!.auth.refreshAuth())
    expect(refreshed && refreshed.access_token).not.toBe(oldToken)
    expect(await callFromFrame(frame, 'profile')).toMatchObject({ ID: '1', ADMIN: true })
  })
})
