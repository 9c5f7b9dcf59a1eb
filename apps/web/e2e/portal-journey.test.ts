// @vitest-environment node
/**
 * The SPA end to end in Chromium through the sandbox portal: install from "Local application" (install page →
 * installFinish), request an approval from a deal's app tab with two approvers picked in the portal's user
 * picker, one answers in the web page, the other through the API, the approval page shows both answers, and the
 * deal tab lists the approval. Screenshots go to `apps/web/e2e/screenshots/` (gitignored).
 */
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Frame, Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bitrix24Sandbox } from '../../sandbox/src/bitrix24/index.ts'
import { launchChromium } from '../../sandbox/src/test-support/chromium.ts'
import {
  buildServer,
  listen,
  oauthEnv,
  startSandbox,
  type Listener,
  type TestServer,
} from '../../server/src/http/b24-sandbox.fixture.ts'

const webRoot = fileURLToPath(new URL('../', import.meta.url))
const screenshots = join(webRoot, 'e2e/screenshots')
const dist = mkdtempSync(join(tmpdir(), 'tac-web-e2e-'))
let listener: Listener
let sandbox: Bitrix24Sandbox
let server: TestServer
let browser: Browser
let page: Page

async function buildSpa() {
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({
      root: webRoot,
      configFile: join(webRoot, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: dist },
    })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
}

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  await buildSpa()
  listener = await listen()
  sandbox = await startSandbox(listener.url)
  server = buildServer(oauthEnv(sandbox, listener.url), { spaIndexFile: join(dist, 'index.html') })
  const assets = serveStatic({ root: relative(process.cwd(), dist) })
  listener.use(new Hono().use('/assets/*', assets).route('/', server.app))
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await sandbox?.close()
  await listener?.close()
  await server?.store.close()
  rmSync(dist, { recursive: true, force: true })
})

const shot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true })

async function appFrame(): Promise<Frame> {
  const element = await page.waitForSelector('iframe[name*="|"]')
  const frame = await element.contentFrame()
  if (!frame) throw new Error('the app frame has no content')
  return frame
}

describe('the SPA outside Bitrix24', () => {
  it('explains how to open it instead of a blank page or a stack trace', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 } })
    await phone.goto(`${listener.url}/api/b24/app`)
    await phone.waitForSelector('[data-testid="outside-page"]')
    expect(await phone.textContent('[data-testid="outside-page"]')).toContain('Open this app from Bitrix24')
    await phone.screenshot({ path: join(screenshots, '00-outside-360px.png'), fullPage: true })
    await phone.close()
  })
})

describe('the SPA inside the sandbox portal', () => {
  it('installs from the Local application page and calls installFinish', async () => {
    await page.goto(`${sandbox.url}/devops/local-app/`)
    await Promise.all([page.waitForURL(/\/marketplace\/app\//), page.click('button:has-text("Установить")')])
    await page.waitForURL(/install_finished=Y/, { timeout: 20_000 })
    const frame = await appFrame()
    await frame.waitForSelector('[data-testid="home-page"]')
    expect(await page.textContent('#pagetitle')).toContain('Мои согласования')
    await shot('01-home')
  })

  it('requests an approval of a deal from its app tab with two approvers from the user picker', async () => {
    await page.goto(`${sandbox.url}/crm/deal/`)
    await page.fill('input[name="TITLE"]', 'Поставка для Ромашки')
    await Promise.all([page.waitForURL(/\/crm\/deal\/details\/\d+\/$/), page.click('text=Создать')])
    await page.click('.tabs a[href*="tab=app_"]')
    let frame = await appFrame()
    await frame.waitForSelector('[data-testid="crm-tab-page"]')
    await shot('02-deal-tab-empty')
    await frame.click('text=Запросить согласование')
    await frame.waitForSelector('[data-testid="new-approval-page"]')
    await frame.fill('[data-testid="form-title"] input, input[data-testid="form-title"]', 'Скидка 15% для Ромашки')
    await frame.click('text=Выбрать в Битрикс24')
    await page.click('.portal-picker__row:has-text("Анна Смирнова")')
    await page.click('.portal-picker__row:has-text("Дмитрий Лебедев")')
    await page.click('.portal-picker >> text=Выбрать')
    await shot('03-new-approval')
    await frame.click('[data-testid="form-submit"]')
    frame = await appFrame()
    await frame.waitForSelector('[data-testid="approval-page"] [data-testid="approval-title"]')
    expect(await frame.textContent('[data-testid="approval-title"]')).toBe('Скидка 15% для Ромашки')
    await shot('04-approval-created')
  })

  it('shows both answers with their times after one decides on the page and the other elsewhere', async () => {
    const frame = await appFrame()
    await frame.fill('[data-testid="decision-form"] textarea', 'Согласна')
    await frame.click('[data-testid="decide-approve"]')
    await frame.waitForSelector('[data-testid="approval-seat"]:has-text("Согласовал")')
    const approval = await latestApprovalId()
    const other = sandbox.issueTokens(6).access_token
    const answer = await server.app.request(`/api/app/approvals/${approval}/decision`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${other}`,
        'x-b24-member-id': sandbox.memberId,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ response: 'approve', comment: 'Ок' }),
    })
    expect(answer.status).toBe(200)
    // Leave the page and come back: the approval page loads the approval again.
    await frame.evaluate(() => void (window.location.hash = '#/'))
    await frame.waitForSelector('[data-testid="home-page"]')
    await frame.evaluate((id) => void (window.location.hash = `#/approvals/${id}`), approval)
    await frame.waitForSelector('[data-testid="approval-seat"]:has-text("Дмитрий Лебедев"):has-text("Согласовал")')
    const seats = await frame.locator('[data-testid="approval-seat"]').allTextContents()
    expect(seats).toHaveLength(2)
    for (const seat of seats) expect(seat).toMatch(/Согласовал.*\d{2}:\d{2}/)
    await shot('05-approval-answered')
    await frame.evaluate(() => void (window.location.hash = '#/approvals'))
    await frame.waitForSelector('[data-testid="approval-row"]')
    await shot('07-approvals-list')
  })

  it('lists the approval in the deal tab', async () => {
    const deal = sandbox.deals().at(-1)!
    await page.goto(`${sandbox.url}/crm/deal/details/${deal.ID}/`)
    await page.click('.tabs a[href*="tab=app_"]')
    const frame = await appFrame()
    await frame.waitForSelector('[data-testid="approval-row"]')
    expect(await frame.textContent('[data-testid="approval-row"]')).toContain('Скидка 15% для Ромашки')
    await shot('06-deal-tab-listed')
  })
})

async function latestApprovalId(): Promise<string> {
  const token = sandbox.issueTokens(1).access_token
  const response = await server.app.request('/api/app/approvals?role=initiator', {
    headers: { authorization: `Bearer ${token}`, 'x-b24-member-id': sandbox.memberId },
  })
  const body = (await response.json()) as { items: Array<{ id: string }> }
  return body.items[0]!.id
}
