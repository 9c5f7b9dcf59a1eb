// @vitest-environment node
/**
 * The SPA end to end in Chromium through the sandbox portal frame, with the Telegram sandbox
 * as the bot's API. The administrator installs from "Local application" (install page → installFinish), sets the
 * bot's webhook up and links her Telegram on the app's Telegram page by sending the deep link in the Telegram
 * sandbox's phone view; she requests an approval from a deal's app tab with two approvers, presses Approve on the
 * card in the phone view, the other approver answers in the web page; the approval page shows both answers with
 * times and the deal tab lists the approval. Every page is saved to `apps/web/e2e/screenshots/` (gitignored).
 */
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { Browser, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bitrix24Sandbox } from '../../sandbox/src/bitrix24/index.ts'
import { createTelegramSandbox, type TelegramSandbox } from '../../sandbox/src/telegram/index.ts'
import { launchChromium } from '../../sandbox/src/test-support/chromium.ts'
import {
  buildServer,
  listen,
  oauthEnv,
  startSandbox,
  type Listener,
  type TestServer,
} from '../../server/src/test-support/app-server.ts'
import { buildSpa, webRoot } from './build-spa.ts'

const screenshots = join(webRoot, 'e2e/screenshots')
const dist = mkdtempSync(join(tmpdir(), 'tac-web-e2e-'))
const ANNA = { id: 1, telegramId: 700_000_001, name: 'Анна Смирнова' }
const DMITRY = { id: 6, name: 'Дмитрий Лебедев' }
const TITLE = 'Скидка 15% для Ромашки'
let listener: Listener
let b24: Bitrix24Sandbox
let telegram: TelegramSandbox
let server: TestServer
let browser: Browser
/** The portal tab (1280 px wide). */
let page: Page
/** Anna's Telegram: the sandbox phone view. */
let phone: Page

beforeAll(async () => {
  rmSync(screenshots, { recursive: true, force: true })
  mkdirSync(screenshots, { recursive: true })
  await buildSpa(dist)
  listener = await listen()
  b24 = await startSandbox(listener.url)
  telegram = await createTelegramSandbox({ redelivery: { retryDelayMs: 50, timeoutMs: 5_000 } })
  // As `npm start` wires the sandbox Bot API (scripts/start.ts); the webhook is set from the Telegram page below.
  const env = {
    ...oauthEnv(b24, listener.url),
    TELEGRAM_BOT_TOKEN: telegram.botToken,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: 'e2e-webhook-secret_0123456789',
  }
  server = buildServer(env, { spaIndexFile: join(dist, 'index.html') })
  const assets = serveStatic({ root: relative(process.cwd(), dist) })
  listener.use(new Hono().use('/assets/*', assets).route('/', server.app))
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' })
  page.setDefaultTimeout(10_000)
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await telegram?.close()
  await b24?.close()
  await listener?.close()
  await server?.drain()
  await server?.store.close()
  rmSync(dist, { recursive: true, force: true })
})

const shot = (target: Page, name: string) =>
  target.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true, animations: 'disabled' })

async function appFrame(): Promise<Frame> {
  const element = await page.waitForSelector('iframe[name*="|"]')
  const frame = await element.contentFrame()
  if (!frame) throw new Error('the app frame has no content')
  return frame
}

/** Opens the app page of the portal from its left menu and waits for the page `testId` in the frame. */
async function openApp(testId: string): Promise<Frame> {
  await page.goto(`${b24.url}/marketplace/app/${b24.app.clientId}/`)
  const frame = await appFrame()
  await frame.waitForSelector(`[data-testid="${testId}"]`)
  return frame
}

/** Clicks an item of the app's own navigation and waits for its page. */
async function navigate(frame: Frame, label: string, testId: string) {
  await frame.click(`nav >> text="${label}"`)
  await frame.waitForSelector(`[data-testid="${testId}"]`)
}

/** Elements sticking out of the frame's width (tag, classes, text), for a readable failure. */
function overflowing(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => {
    const width = document.documentElement.clientWidth
    return [...document.body.querySelectorAll('*')]
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      .map((element) => `${element.tagName} .${element.className} «${element.textContent?.slice(0, 40)}»`)
  })
}

/** The newest message of the phone view's open chat. */
const lastBubble = () => phone.locator('.msg.bot').last()

describe('the SPA outside Bitrix24', () => {
  it('explains how to open it instead of a blank page or a stack trace, on a desktop and at 360 px', async () => {
    for (const [name, viewport] of [
      ['00-outside-desktop', { width: 1280, height: 800 }],
      ['01-outside-360px', { width: 360, height: 740 }],
    ] as const) {
      const outside = await browser.newPage({ viewport })
      await outside.goto(`${listener.url}/api/b24/app`)
      await outside.waitForSelector('[data-testid="outside-page"]')
      expect(await outside.textContent('[data-testid="outside-page"]')).toContain('Open this app from Bitrix24')
      expect(await outside.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
      await shot(outside, name)
      await outside.close()
    }
  })
})

describe('the SPA inside the sandbox portal', () => {
  it('installs from the Local application page: install page, then installFinish', async () => {
    await page.goto(`${b24.url}/devops/local-app/`)
    // Hold the portal's installFinish call until the install page has been seen and saved.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/set-installed', async (route) => {
      await held
      await route.continue()
    })
    await Promise.all([page.waitForURL(/\/marketplace\/app\//), page.click('button:has-text("Установить")')])
    let frame = await appFrame()
    await frame.waitForSelector('[data-testid="install-page"] [data-testid="install-steps"]')
    expect(await frame.textContent('[data-testid="install-steps"]')).toContain('CRM_DEAL_DETAIL_TAB')
    await shot(page, '02-install-page')
    release()
    await page.waitForURL(/install_finished=Y/, { timeout: 20_000 })
    await page.unroute('**/set-installed')
    frame = await appFrame()
    await frame.waitForSelector('[data-testid="home-page"] [data-testid="home-waiting"]')
    await frame.waitForSelector('[data-testid="home-waiting"] >> text=Нет согласований, ждущих вашего ответа.')
    expect(await page.textContent('#pagetitle')).toContain('Мои согласования')
    await shot(page, '03-home')
  })

  it('sets the bot webhook up and links Telegram by sending the deep link in the phone view', async () => {
    let frame = await appFrame()
    await navigate(frame, 'Telegram', 'telegram-page')
    await frame.waitForSelector(`[data-testid="telegram-admin"] >> text=@${telegram.botUsername}`)
    await frame.click('[data-testid="telegram-admin"] >> text=Настроить вебхук')
    await frame.waitForSelector(`[data-testid="telegram-webhook"]:has-text("${listener.url}/api/telegram/webhook")`)
    expect(telegram.calls('setWebhook').at(-1)).toMatchObject({
      ok: true,
      params: { url: `${listener.url}/api/telegram/webhook` },
    })
    await shot(page, '04-telegram-page')

    await frame.click('[data-testid="telegram-link"] >> text=Получить ссылку')
    const deepLink = (await frame.getAttribute('[data-testid="telegram-deep-link"]', 'href'))!
    expect(deepLink).toMatch(new RegExp(`^https://t\\.me/${telegram.botUsername}\\?start=[\\w-]+$`))
    await frame.waitForSelector('[data-testid="telegram-link"] canvas, [data-testid="telegram-link"] svg')
    await shot(page, '05-telegram-deep-link')

    phone = await browser.newPage({ viewport: { width: 1100, height: 760 }, locale: 'ru-RU' })
    phone.setDefaultTimeout(10_000)
    await phone.goto(`${telegram.url}#user=${ANNA.telegramId}`)
    await phone.waitForSelector(`#chat-title:has-text("${ANNA.name}")`)
    await phone.fill('#text', deepLink)
    await phone.click('#composer button')
    const code = new URL(deepLink).searchParams.get('start')!
    await phone.locator('.msg.user .text', { hasText: `/start ${code}` }).waitFor()
    await lastBubble().locator('.text', { hasText: 'Подключено' }).waitFor()
    expect(await lastBubble().textContent()).toContain(ANNA.name)
    await shot(phone, '06-phone-view-linked')

    frame = await openApp('home-page')
    await navigate(frame, 'Telegram', 'telegram-page')
    await frame.waitForSelector('[data-testid="telegram-linked"]')
    await frame.waitForSelector(`[data-testid="telegram-admin"] li:has-text("${ANNA.name}") >> text=Подключён`)
    await shot(page, '07-telegram-linked')
  })

  it('shows the templates and the settings pages to the administrator', async () => {
    const frame = await appFrame()
    await navigate(frame, 'Шаблоны', 'templates-page')
    await frame.waitForSelector('[data-testid="templates-page"] >> text=Шаблонов пока нет.')
    await shot(page, '08-templates')
    await navigate(frame, 'Настройки', 'settings-page')
    await frame.waitForSelector('[data-testid="settings-page"] form, [data-testid="settings-page"] button')
    await frame.waitForSelector('[data-testid="settings-page"] >> text=Сохранить настройки')
    await shot(page, '09-settings')
    // The administrator is one of the approvers of the request she starts below: the portal allows it here.
    await frame.click(
      '[data-testid="settings-page"] [role="switch"]:near(:text("Инициатор может согласовывать свой запрос"))',
    )
    await frame.click('[data-testid="settings-page"] >> text=Сохранить настройки')
    await frame.waitForSelector('text=Настройки сохранены.')
  })

  it('requests an approval of a deal from its app tab with two approvers from the user picker', async () => {
    await page.goto(`${b24.url}/crm/deal/`)
    await page.fill('input[name="TITLE"]', 'Поставка для Ромашки')
    await Promise.all([page.waitForURL(/\/crm\/deal\/details\/\d+\/$/), page.click('text=Создать')])
    await page.click('.tabs a[href*="tab=app_"]')
    let frame = await appFrame()
    await frame.waitForSelector('[data-testid="crm-tab-page"] >> text=По этой записи согласований нет.')
    await shot(page, '10-deal-tab-empty')
    await frame.click('text=Запросить согласование')
    await frame.waitForSelector('[data-testid="new-approval-page"]')
    await frame.fill('[data-testid="form-title"] input, input[data-testid="form-title"]', TITLE)
    await frame.click('text=Выбрать в Битрикс24')
    await page.click(`.portal-picker__row:has-text("${ANNA.name}")`)
    await page.click(`.portal-picker__row:has-text("${DMITRY.name}")`)
    await page.click('.portal-picker >> text=Выбрать')
    await frame.waitForSelector(`[data-testid="approval-form"] >> text=${DMITRY.name}`)
    await shot(page, '11-new-approval')
    await frame.click('[data-testid="form-submit"]')
    frame = await appFrame()
    await frame.waitForSelector('[data-testid="approval-page"] [data-testid="approval-title"]')
    expect(await frame.textContent('[data-testid="approval-title"]')).toBe(TITLE)
    await frame.waitForSelector('[data-testid="approval-seat"] >> text=Ждём ответа')
    await shot(page, '12-approval-created')
  })

  it('one approver presses Approve on the card in the phone view', async () => {
    const card = phone.locator('.msg.bot', { hasText: TITLE }).last()
    const approve = card.locator('.kb-button', { hasText: 'Согласовать' })
    await approve.waitFor()
    await shot(phone, '13-phone-view-card')
    await approve.click()
    await phone.locator('#toast', { hasText: /\S/ }).waitFor()
    await card.locator('.kb-button').first().waitFor({ state: 'detached' })
    await card.locator('.text', { hasText: `${ANNA.name}` }).waitFor()
    await shot(phone, '14-phone-view-approved')
    expect(telegram.unansweredCallbacks()).toEqual([])
  })

  it('the other answers in the web page, which then shows both answers with their times', async () => {
    await page.goto(`${b24.url}/company/`)
    await page.click(`tr:has-text("${DMITRY.name}") >> text=Войти как`)
    let frame = await openApp('home-page')
    await frame.waitForSelector(`[data-testid="home-waiting"] >> text=${TITLE}`)
    await shot(page, '15-home-approver')
    await frame.click(`[data-testid="home-waiting"] >> text=${TITLE}`)
    await frame.waitForSelector('[data-testid="approval-page"] [data-testid="decision-form"]')
    await page.waitForSelector('#pagetitle:text-is("Согласование")')
    await frame.waitForSelector(`[data-testid="approval-seat"]:has-text("${ANNA.name}") >> text=Согласовано`)
    await frame.fill('[data-testid="decision-form"] textarea', 'Согласен, в пределах бюджета')
    await frame.click('[data-testid="decide-approve"]')
    await frame.waitForSelector(`[data-testid="approval-seat"]:has-text("${DMITRY.name}") >> text=Согласовано`)
    frame = await appFrame()
    const seats = await frame.locator('[data-testid="approval-seat"]').allTextContents()
    expect(seats).toHaveLength(2)
    for (const seat of seats) expect(seat).toMatch(/Согласовано.*\d{2}:\d{2}/)
    expect(seats.find((seat) => seat.includes(ANNA.name))).toContain('в Telegram')
    expect(seats.find((seat) => seat.includes(DMITRY.name))).toContain('в приложении')
    await shot(page, '16-approval-answered')
    await lastBubble().locator('.text', { hasText: 'Ваш запрос закрыт' }).waitFor()
    await shot(phone, '17-phone-view-closed')
  })

  it('lists the approval on the approvals page and in the deal tab', async () => {
    await page.goto(`${b24.url}/ui/switch-user?user=${ANNA.id}&back=/company/`)
    let frame = await openApp('home-page')
    await navigate(frame, 'Все согласования', 'approvals-page')
    await frame.waitForSelector(`[data-testid="approvals-page"] >> text=${TITLE}`)
    await shot(page, '18-approvals-list')
    const deal = b24.deals().at(-1)!
    await page.goto(`${b24.url}/crm/deal/details/${deal.ID}/`)
    await page.click('.tabs a[href*="tab=app_"]')
    frame = await appFrame()
    await frame.waitForSelector(`[data-testid="crm-tab-page"] >> text=${TITLE}`)
    await shot(page, '19-deal-tab-listed')
  })

  it('fits the approval page into 360 px, as in the portal slider on a phone', async () => {
    const narrow = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'ru-RU' })
    narrow.setDefaultTimeout(10_000)
    await narrow.goto(`${b24.url}/marketplace/app/${b24.app.clientId}/?IFRAME=Y`)
    const frame = (await (await narrow.waitForSelector('iframe[name*="|"]')).contentFrame())!
    await frame.click(`[data-testid="home-sent"] >> text=${TITLE}`)
    await frame.waitForSelector(`[data-testid="approval-seat"]:has-text("${DMITRY.name}") >> text=Согласовано`)
    await shot(narrow, '20-approval-360px')
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    expect(await overflowing(frame)).toEqual([])
    await narrow.close()
    expect(readdirSync(screenshots).sort()).toHaveLength(21)
  })
})
