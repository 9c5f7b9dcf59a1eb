/**
 * Browser tests of the portal around the app frame: the deal card's `CRM_DEAL_DETAIL_TAB` placement, a stage
 * move that fires the event and the placed robot, and the frame opening portal UI (selectors, sliders).
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Browser, Frame, Page } from 'playwright-core'
import qs from 'qs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBitrix24Sandbox, type Bitrix24Sandbox } from '../index.ts'
import { appFrame, frameReport, restAsApp } from '../../test-support/portal-browser.ts'
import { launchChromium } from '../../test-support/chromium.ts'
import { startFrameTestApp, type FrameTestApp } from '../../test-support/frame-test-app/frame-test-app.ts'

const screenshots = fileURLToPath(new URL('../../../test-results/bitrix24-ui/', import.meta.url))
let sandbox: Bitrix24Sandbox
let testApp: FrameTestApp
let browser: Browser
let page: Page

const rest = (method: string, params: Record<string, unknown>) => restAsApp(sandbox, method, params)

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  testApp = await startFrameTestApp()
  sandbox = await createBitrix24Sandbox({ appUrl: testApp.origin, rateLimit: false })
  await sandbox.install({ userId: 1 })
  await rest('event.bind', { event: 'ONCRMDEALUPDATE', handler: `${testApp.origin}/api/b24/events` })
  await rest('placement.bind', {
    PLACEMENT: 'CRM_DEAL_DETAIL_TAB',
    HANDLER: `${testApp.origin}/api/b24/app?view=deal`,
    TITLE: 'Согласования',
  })
  await rest('bizproc.robot.add', {
    CODE: 'approval_robot',
    HANDLER: `${testApp.origin}/api/b24/robot`,
    AUTH_USER_ID: 1,
    USE_SUBSCRIPTION: 'Y',
    NAME: { ru: 'Согласование в Telegram' },
    PROPERTIES: { subject: { Name: { ru: 'Тема' }, Type: 'string' } },
  })
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
})

afterAll(async () => {
  await browser?.close()
  await sandbox?.close()
  await testApp?.close()
})

describe('the deal card', () => {
  it('moves a deal through the stage bar: ONCRMDEALUPDATE and the robot placed on that stage fire', async () => {
    await page.goto(`${sandbox.url}/crm/deal/automation/0/`)
    await page.selectOption('select[name="stageId"]', 'EXECUTING')
    await page.fill('input[name="prop_subject"]', 'Сделка {=Document:TITLE}')
    await page.click('text=Добавить на стадию')
    await expect.poll(() => page.locator('table.grid').first().textContent()).toContain('Согласование в Telegram')

    await page.goto(`${sandbox.url}/crm/deal/details/3/`)
    await Promise.all([page.waitForURL(`${sandbox.url}/crm/deal/details/3/`), page.click('button[value="EXECUTING"]')])
    await expect.poll(() => page.getAttribute('button[value="EXECUTING"]', 'class')).toBe('is-current')
    await sandbox.flushEvents()
    expect(sandbox.deals().find((deal) => deal.ID === '3')?.STAGE_ID).toBe('EXECUTING')
    expect(sandbox.events().map((delivery) => delivery.event)).toContain('ONCRMDEALUPDATE')
    expect(testApp.robotCalls).toHaveLength(1)
    const call = qs.parse(testApp.robotCalls[0]!.body) as Record<string, unknown>
    expect(call).toMatchObject({ code: 'approval_robot', document_id: ['crm', 'CCrmDocumentDeal', 'DEAL_3'] })
    expect(call.properties).toEqual({ subject: `Сделка ${String(sandbox.deals()[2]!.TITLE)}` })
  })

  it('embeds the app in the CRM_DEAL_DETAIL_TAB tab with the deal id, and refuses setTitle there', async () => {
    await page.goto(`${sandbox.url}/crm/deal/details/3/`)
    await page.click('.tabs >> text=Согласования')
    const frame = await appFrame(page, `${testApp.origin}/api/b24/app?view=deal&DOMAIN=`)
    expect(await frameReport(frame)).toMatchObject({
      ok: true,
      placement: 'CRM_DEAL_DETAIL_TAB',
      placementOptions: { ID: '3', URI: '/crm/deal/details/3/' },
      isInstallMode: false,
    })
    const post = new URLSearchParams(testApp.frameLoads.at(-1)!.body)
    expect(post.get('PLACEMENT')).toBe('CRM_DEAL_DETAIL_TAB')
    expect(JSON.parse(post.get('PLACEMENT_OPTIONS')!)).toEqual({ ID: '3', URI: '/crm/deal/details/3/' })
    const title = await page.textContent('#pagetitle')
    expect(await frame.evaluate(() => window.b24!.parent.setTitle('Чужой заголовок'))).toEqual({ isSafely: true })
    expect(await page.textContent('#pagetitle')).toBe(title)
    await page.screenshot({ path: `${screenshots}deal-card-tab.png` })
  })
})

async function openAppPage(): Promise<Frame> {
  await page.goto(`${sandbox.url}/marketplace/app/${sandbox.app.clientId}/`)
  return appFrame(page, `${testApp.origin}/api/b24/app?DOMAIN=`)
}

describe('portal UI opened by the frame', () => {
  it('selectUser shows the portal user picker and answers with the chosen user', async () => {
    const frame = await openAppPage()
    const picked = frame.evaluate(() => window.b24!.dialog.selectUser())
    await page.click('.portal-picker__row:has-text("Дмитрий Лебедев")')
    await page.click('.portal-picker >> text=Выбрать')
    expect(await picked).toMatchObject({ id: '6', name: 'Дмитрий Лебедев', position: 'Финансовый директор' })
  })

  it('openPath opens a portal page in the slider and resolves when it is closed', async () => {
    const frame = await openAppPage()
    const opened = frame.evaluate(() => window.b24!.slider.openPath(window.b24!.slider.getUrl('/crm/deal/details/3/')))
    const slider = await sliderFrame(page, '.portal-slider__frame')
    await slider.waitForSelector('#pagetitle')
    expect(await slider.textContent('#pagetitle')).toContain(String(sandbox.deals()[2]!.TITLE))
    await page.click('.portal-slider__close')
    expect(await opened).toEqual({ isOpenAtNewWindow: false, isClose: true })
    const denied = await frame.evaluate(() =>
      window.b24!.parent.message.send('openPath', { path: '/devops/local-app/' }),
    )
    expect(denied).toEqual({ result: 'error', errorCode: 'PATH_NOT_AVAILABLE' })
  })

  it('openApplication opens the app in a slider with its options; closeApplication closes it', async () => {
    const frame = await openAppPage()
    const opened = frame.evaluate(() =>
      window.b24!.slider.openSliderAppPage({ bx24_width: 900, bx24_title: 'Заявка', approvalId: '42' }),
    )
    const sliderPage = await sliderFrame(page, '.portal-slider__frame')
    const inner = await appFrame(sliderPage, `${testApp.origin}/api/b24/app?DOMAIN=`)
    expect(await frameReport(inner)).toMatchObject({
      ok: true,
      placement: 'DEFAULT',
      placementOptions: { approvalId: '42', IFRAME: 'Y', IFRAME_TYPE: 'SIDE_SLIDER' },
    })
    expect(await inner.evaluate(() => window.b24!.placement.isSliderMode)).toBe(true)
    await page.screenshot({ path: `${screenshots}app-slider.png` })
    await inner.evaluate(() => void window.b24!.parent.closeApplication())
    await opened
    expect(await page.locator('.portal-slider').count()).toBe(0)
  })
})

/** The document inside the portal slider once it has loaded. */
async function sliderFrame(page: Page, selector: string): Promise<Frame> {
  const element = await page.waitForSelector(selector)
  const frame = await element.contentFrame()
  if (!frame) throw new Error(`${selector} has no frame`)
  await frame.waitForLoadState('load')
  return frame
}
