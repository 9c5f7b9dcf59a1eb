// @vitest-environment node
/**
 * Website lead intake in Chromium (issue 20): the administrator adds a website on the app's Websites page in the
 * sandbox portal and copies its snippet; the snippet, pasted into a plain page of another origin, sends a form
 * with two files; the lead appears in the sandbox portal with both files, the manager's Telegram (the sandbox
 * phone view) shows the notice, and the delivery log shows the lead delivered. Screenshots go to
 * `apps/web/e2e/screenshots/leads-*.png` (gitignored).
 */
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { Browser, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../sandbox/src/test-support/chromium.ts'
import { listen, type Listener } from '../../server/src/test-support/app-server.ts'
import { samplePdf, samplePng } from '../../server/src/test-support/lead-forms.ts'
import { startTelegramStack, type TelegramStack } from '../../server/src/test-support/telegram-stack.ts'
import { buildSpa, webRoot } from './build-spa.ts'

const screenshots = join(webRoot, 'e2e/screenshots')
const dist = mkdtempSync(join(tmpdir(), 'tac-web-leads-'))
const ANNA = { id: 1, telegramId: 700_000_001, name: 'Анна Смирнова' }
let stack: TelegramStack
let website: Listener
let snippet = ''
let browser: Browser
let page: Page

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  await buildSpa(dist)
  stack = await startTelegramStack({ withBitrix24: true, spaIndexFile: join(dist, 'index.html') })
  const assets = serveStatic({ root: relative(process.cwd(), dist) })
  stack.listener.use(new Hono().use('/assets/*', assets).route('/', stack.server.app))
  await stack.link(ANNA.id)
  website = await listen()
  website.use(new Hono().get('/', (c) => c.html(`<!doctype html><meta charset="utf-8"><h1>Заявка</h1>${snippet}`)))
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' })
  page.setDefaultTimeout(10_000)
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await website?.close()
  await stack?.server.drain()
  await stack?.close()
  rmSync(dist, { recursive: true, force: true })
})

const shot = (target: Page, name: string) =>
  target.screenshot({ path: join(screenshots, `leads-${name}.png`), fullPage: true, animations: 'disabled' })

async function websitesPage(): Promise<Frame> {
  await page.goto(`${stack.b24!.url}/marketplace/app/${stack.b24!.app.clientId}/`)
  const frame = (await (await page.waitForSelector('iframe[name*="|"]')).contentFrame())!
  await frame.waitForSelector('[data-testid="home-page"]')
  await frame.click('nav >> text="Сайты"')
  await frame.waitForSelector('[data-testid="sites-page"]')
  return frame
}

describe('website lead intake', () => {
  it('adds a website on the Websites page and shows its snippet', async () => {
    const frame = await websitesPage()
    await frame.waitForSelector('[data-testid="lead-log"] >> text=Заявок пока не было.')
    await frame.click('[data-testid="site-create"]')
    await frame.fill('[data-testid="site-name"] input, input[data-testid="site-name"]', 'Сайт компании')
    await frame.fill('[data-testid="site-origins"] textarea, textarea[data-testid="site-origins"]', website.url)
    await frame.click('[data-testid="site-notify"]')
    await frame.click(`[role="option"]:has-text("${ANNA.name}")`)
    await frame.press('body', 'Escape')
    expect(await frame.textContent('[data-testid="site-form"]')).toContain('{name} заменяется на имя отправителя')
    await shot(page, '01-site-form')
    await frame.click('[data-testid="site-save"]')
    await frame.waitForSelector('[data-testid="site-list"] >> text=Сайт компании')
    expect(await frame.textContent('[data-testid="site-list"]')).not.toContain('Сайтов пока нет')
    await frame.click('[data-testid="site-snippet-toggle"]')
    const area = frame.locator('[data-testid="site-snippet"] textarea, textarea[data-testid="site-snippet"]')
    snippet = await area.inputValue()
    expect(snippet).toContain(`${stack.listener.url}/api/leads/`)
    await shot(page, '02-site-snippet')
  })

  it('the snippet on a plain page sends a form with two files; the lead gets both and Telegram tells Anna', async () => {
    const form = await browser.newPage({ viewport: { width: 800, height: 900 }, locale: 'ru-RU' })
    const staged: string[] = []
    form.on('request', (request) => void (request.url().endsWith('/uploads') && staged.push(request.url())))
    await form.goto(`${website.url}/?utm_source=google&utm_campaign=winter`)
    await form.fill('input[name=name]', 'Ольга Соколова')
    await form.fill('input[name=phone]', '8 916 765-43-21')
    await form.fill('input[name=email]', 'olga@example.com')
    await form.fill('textarea[name=message]', 'Прошу рассчитать поставку, реквизиты во вложении')
    await form.setInputFiles('input[name=files]', [
      { name: 'Реквизиты.pdf', mimeType: 'application/pdf', buffer: Buffer.from(samplePdf) },
      { name: 'план.png', mimeType: 'image/png', buffer: Buffer.from(samplePng) },
    ])
    await form.check('input[name=consent]')
    await form.waitForTimeout(3_200) // a person takes longer than the minimum fill time
    await form.click('button[type=submit]')
    await form.waitForSelector('.tac-lead-status >> text=Спасибо! Заявка принята.')
    expect(staged).toHaveLength(2) // each file went ahead in its own staged upload
    await shot(form, '03-website-form-sent')
    await stack.server.drain()

    const lead = stack.b24!.leads().find((l) => l['NAME'] === 'Ольга Соколова')!
    expect(lead).toMatchObject({ SOURCE_ID: 'WEB', UTM_SOURCE: 'google', UTM_CAMPAIGN: 'winter' })
    expect(lead['PHONE']).toMatchObject([{ VALUE: '+79167654321' }])
    const comment = stack.b24!.timeline().find((t) => t.ENTITY_TYPE === 'lead' && t.ENTITY_ID === Number(lead.ID))!
    expect(comment.FILES).toEqual(['Реквизиты.pdf', 'план.png'])
    await page.goto(`${stack.b24!.url}/crm/lead/details/${lead.ID}/`)
    await page.waitForSelector('[data-testid="lead-timeline"] >> text=Реквизиты.pdf, план.png')
    await shot(page, '04-portal-lead')

    const phone = await browser.newPage({ viewport: { width: 1100, height: 760 }, locale: 'ru-RU' })
    await phone.goto(`${stack.telegram.url}#user=${ANNA.telegramId}`)
    const notice = phone.locator('.msg.bot', { hasText: 'Новая заявка с сайта' }).last()
    await notice.waitFor()
    expect(await notice.textContent()).toContain('Реквизиты.pdf, план.png')
    await shot(phone, '05-telegram-notice')
  })

  it('the delivery log shows the lead delivered with its link', async () => {
    const frame = await websitesPage()
    const row = frame.locator('[data-testid="lead-log-row"]', { hasText: 'Ольга Соколова' })
    await row.locator('text=Доставлена').waitFor()
    expect(await row.locator('a', { hasText: 'Открыть лид' }).getAttribute('href')).toMatch(
      /\/crm\/lead\/details\/\d+\/$/,
    )
    await shot(page, '06-delivery-log')
  })
})
