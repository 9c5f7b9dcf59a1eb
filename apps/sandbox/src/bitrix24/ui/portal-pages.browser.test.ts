/**
 * Browser tests of the portal's own pages: the forms act through the REST methods as the current user (so events
 * fire), the user switcher, notifications, the logs, escaping, and the local application's Install/Uninstall.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
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
const delivered = (event: string) => sandbox.events().filter((delivery) => delivery.event === event)

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  testApp = await startFrameTestApp()
  sandbox = await createBitrix24Sandbox({ appUrl: testApp.origin, rateLimit: false })
  await sandbox.install({ userId: 1 })
  for (const event of ['ONCRMDEALADD', 'ONCRMLEADADD', 'ONTASKADD', 'ONAPPUNINSTALL']) {
    await rest('event.bind', { event, handler: `${testApp.origin}/api/b24/events` })
  }
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
})

afterAll(async () => {
  await browser?.close()
  await sandbox?.close()
  await testApp?.close()
})

describe('portal pages', () => {
  it('creates a deal from the list form as the current user; the title is shown escaped', async () => {
    const title = '<script>alert("x")</script> Поставка'
    await page.goto(`${sandbox.url}/crm/deal/`)
    await page.fill('input[name="TITLE"]', title)
    await page.fill('input[name="OPPORTUNITY"]', '250000')
    await Promise.all([page.waitForURL(/\/crm\/deal\/details\/\d+\/$/), page.click('text=Создать')])
    expect(await page.textContent('#pagetitle')).toContain(title)
    expect(await page.locator('script:has-text("alert")').count()).toBe(0)
    await sandbox.flushEvents()
    expect(delivered('ONCRMDEALADD')).toHaveLength(1)
    await page.goto(`${sandbox.url}/sandbox/events/`)
    expect(await page.textContent('table.grid')).toContain('ONCRMDEALADD')
    await page.screenshot({ path: `${screenshots}event-log.png` })
    await page.goto(`${sandbox.url}/sandbox/rest/?transport=oauth`)
    expect(await page.textContent('table.grid')).toContain('event.bind')
    await page.screenshot({ path: `${screenshots}rest-log.png` })
  })

  it('adds a lead and moves it through its statuses', async () => {
    await page.goto(`${sandbox.url}/crm/lead/`)
    await page.fill('input[name="TITLE"]', 'Лид с выставки')
    await Promise.all([page.waitForURL(/\/crm\/lead\/details\/\d+\/$/), page.click('text=Создать')])
    const id = /details\/(\d+)\//.exec(page.url())![1]
    await page.click('button[value="IN_PROCESS"]')
    await expect.poll(() => sandbox.leads().find((lead) => lead.ID === id)?.STATUS_ID).toBe('IN_PROCESS')
    await sandbox.flushEvents()
    expect(delivered('ONCRMLEADADD')).toHaveLength(1)
  })

  it('sets a task, comments on it and completes it', async () => {
    await page.goto(`${sandbox.url}/company/personal/user/1/tasks/`)
    await page.fill('input[name="TITLE"]', 'Проверить договор')
    await page.selectOption('select[name="RESPONSIBLE_ID"]', '6')
    await Promise.all([page.waitForURL(/task\/view\/\d+\/$/), page.click('text=Поставить задачу')])
    await page.fill('textarea[name="POST_MESSAGE"]', 'Договор во вложении')
    await Promise.all([page.waitForURL(/task\/view\/\d+\/$/), page.click('text=Отправить')])
    await page.click('text=Завершить')
    await expect.poll(() => sandbox.tasks().at(-1)?.STATUS).toBe(5)
    // The completed task's page has loaded (a screenshot during the navigation fails).
    await page.locator('h2', { hasText: 'Завершена' }).waitFor()
    await page.waitForLoadState('load')
    expect(sandbox.comments().at(-1)).toMatchObject({ POST_MESSAGE: 'Договор во вложении', AUTHOR_ID: 1 })
    expect(sandbox.tasks().at(-1)).toMatchObject({ TITLE: 'Проверить договор', RESPONSIBLE_ID: 6 })
    await page.screenshot({ path: `${screenshots}task.png` })
  })

  it('opens the portal as another user: their notifications, no access to the app settings', async () => {
    await rest('im.notify.system.add', { USER_ID: 6, MESSAGE: 'Заявка [b]№12[/b] ждёт вашего решения' })
    await page.goto(`${sandbox.url}/company/`)
    await page.click('tr:has-text("Дмитрий Лебедев") >> text=Войти как')
    expect(await page.inputValue('#portal-user')).toBe('6')
    await page.click('.menu >> text=Уведомления')
    expect(await page.textContent('table.grid')).toContain('Заявка [b]№12[/b] ждёт вашего решения')
    await page.screenshot({ path: `${screenshots}notifications.png` })
    const settings = await page.goto(`${sandbox.url}/devops/local-app/`)
    expect(settings?.status()).toBe(403)
    await page.goto(`${sandbox.url}/ui/switch-user?user=1&back=/company/`)
    expect(await page.inputValue('#portal-user')).toBe('1')
    await page.screenshot({ path: `${screenshots}users.png` })
  })

  it('uninstalls (ONAPPUNINSTALL with CLEAN) and installs again from the local application page', async () => {
    await page.goto(`${sandbox.url}/devops/local-app/`)
    await page.screenshot({ path: `${screenshots}local-app.png`, fullPage: true })
    await page.click('text=Удалить приложение')
    await sandbox.flushEvents()
    const uninstall = testApp.events
      .map((request) => qs.parse(request.body))
      .find((body) => body.event === 'ONAPPUNINSTALL')
    expect(uninstall).toMatchObject({ data: { CLEAN: '1' }, auth: { application_token: expect.any(String) } })
    await page.goto(`${sandbox.url}/marketplace/app/${sandbox.app.clientId}/`)
    expect(await page.textContent('.notice')).toContain('не установлено')

    await page.goto(`${sandbox.url}/devops/local-app/`)
    await Promise.all([page.waitForURL(/\/marketplace\/app\//), page.click('button:has-text("Установить")')])
    const frame = await appFrame(page, `${testApp.origin}/api/b24/install?DOMAIN=`)
    expect(await frameReport(frame)).toMatchObject({ ok: true, isInstallMode: true })
  })
})
