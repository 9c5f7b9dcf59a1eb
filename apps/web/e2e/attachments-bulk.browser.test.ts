// @vitest-environment node
/**
 * Attachments and bulk answers in Chromium (issue 21), with both sandboxes: the initiator attaches files in the
 * new-approval form inside the portal frame (uploads and a file chosen on Bitrix24 Drive); an approver's Telegram (the sandbox phone view) shows the card with
 * the photos as an album and the PDF as a document; the approver selects several approvals in the app and
 * approves them at once. Screenshots go to `apps/web/e2e/screenshots/attachments-bulk/` (gitignored).
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../sandbox/src/test-support/chromium.ts'
import { pngOf } from '../../sandbox/src/test-support/sample-images.ts'
import { uploadFile } from '../../server/src/test-support/attachment-uploads.ts'
import { samplePdf } from '../../server/src/test-support/lead-forms.ts'
import { startTelegramStack, telegramIdOf, type TelegramStack } from '../../server/src/test-support/telegram-stack.ts'
import { buildSpa, webRoot, withSpaAssets } from './spa-build.ts'

const screenshots = join(webRoot, 'e2e/screenshots/attachments-bulk')
const MARIA = 3
const IVAN = 2
let dist: string
let stack: TelegramStack
let browser: Browser
let page: Page

beforeAll(async () => {
  rmSync(screenshots, { recursive: true, force: true })
  mkdirSync(screenshots, { recursive: true })
  dist = await buildSpa()
  stack = await startTelegramStack({ withBitrix24: true, spaIndexFile: join(dist, 'index.html') })
  stack.listener.use(withSpaAssets(dist, stack.server.app))
  await stack.link(IVAN)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' })
  page.setDefaultTimeout(15_000)
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await stack?.close()
  if (dist) rmSync(dist, { recursive: true, force: true })
})

const shot = (target: Page, name: string) =>
  target.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true, animations: 'disabled' })

async function openAppAs(userId: number, route: string, testId: string): Promise<Frame> {
  const b24 = stack.b24!
  await page.goto(
    `${b24.url}/ui/switch-user?user=${userId}&back=${encodeURIComponent(`/marketplace/app/${b24.app.clientId}/`)}`,
  )
  const frame = (await (await page.waitForSelector('iframe[name*="|"]')).contentFrame())!
  await frame.waitForSelector('[data-testid]')
  await frame.evaluate((hash) => (location.hash = hash), `#${route}`)
  await frame.waitForSelector(`[data-testid="${testId}"]`)
  return frame
}

const files = [
  { name: 'Счёт №17.pdf', mimeType: 'application/pdf', buffer: Buffer.from(samplePdf) },
  { name: 'Фасад.png', mimeType: 'image/png', buffer: Buffer.from(pngOf(640, 480, [51, 144, 236])) },
  { name: 'План этажа.png', mimeType: 'image/png', buffer: Buffer.from(pngOf(480, 640, [225, 112, 118])) },
]

describe('attachments and bulk answers', () => {
  it('attaches files in the form: each uploads at once, a wrong file is refused in place', async () => {
    const frame = await openAppAs(MARIA, '/approvals/new', 'new-approval-page')
    await frame.fill('[data-testid="form-title"] input, input[data-testid="form-title"]', 'Договор поставки')
    await frame.setInputFiles('[data-testid="attachment-input"]', [
      ...files,
      { name: 'setup.pdf', mimeType: 'application/pdf', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]) },
    ])
    await frame.waitForSelector('[data-testid="form-attachments"] li[data-state="failed"]')
    await frame.waitForFunction(() => document.querySelectorAll('li[data-state="ready"]').length === 3)
    expect(await frame.textContent('[data-testid="attachment-error"]')).toContain('тип файла')
    // A file from her own Bitrix24 Drive: storages, then her storage's root, then the file.
    await frame.click('[data-testid="drive-open"]')
    await frame.click('[data-testid="drive-entry"]:has-text("Мария")')
    await frame.click('[data-testid="drive-entry"]:has-text("Смета.png")')
    await frame.waitForSelector('[data-testid="drive-chosen"]:has-text("Смета.png")')
    await shot(page, '01-form-with-attachments')
  })

  it('shows the card with an album and a document in the approver’s Telegram', async () => {
    const uploader = {
      app: stack.server.app,
      token: stack.b24!.issueTokens(MARIA).access_token,
      memberId: stack.b24!.memberId,
    }
    const uploads = []
    for (const f of files) uploads.push(await uploadFile(uploader, f.name, new Uint8Array(f.buffer)))
    const stages = [{ approverIds: [IVAN], rule: { kind: 'all' } }]
    const body = {
      title: 'Договор поставки',
      description: 'Поставка окон для фасада, смета и планы во вложении',
      stages,
      uploads,
    }
    const res = await stack.api(MARIA, 'POST', '/api/app/approvals', body)
    expect(res.status).toBe(201)
    const phone = await browser.newPage({ viewport: { width: 420, height: 900 }, locale: 'ru-RU' })
    await phone.goto(`${stack.telegram.url}#user=${telegramIdOf(IVAN)}`)
    await phone.waitForSelector('.album img.photo')
    await phone.waitForSelector('a.doc')
    await phone.waitForFunction(() =>
      [...document.querySelectorAll('img.photo')].every((i) => (i as HTMLImageElement).complete),
    )
    expect(await phone.locator('.album img.photo').count()).toBe(2)
    expect(await phone.textContent('a.doc')).toContain('Счёт №17.pdf')
    await shot(phone, '02-telegram-card-with-album-and-document')
    await phone.close()
    const approvalPage = await openAppAs(MARIA, `/approvals/${res.body.approval.id}`, 'approval-attachments')
    expect(await approvalPage.textContent('[data-testid="approval-attachments"]')).toContain('План этажа.png')
    await shot(page, '03-approval-page-lists-files')
  })

  it('selects several approvals and approves them at once', async () => {
    const stages = [{ approverIds: [IVAN], rule: { kind: 'all' } }]
    for (const title of ['Счёт за аренду', 'Командировка в Казань']) {
      expect((await stack.api(MARIA, 'POST', '/api/app/approvals', { title, stages })).status).toBe(201)
    }
    const frame = await openAppAs(IVAN, '/approvals', 'bulk-panel')
    await frame.click('[data-testid="bulk-select-all"]')
    await frame.waitForSelector('[data-testid="bulk-approve"]')
    await shot(page, '04-bulk-selection')
    await frame.click('[data-testid="bulk-approve"]')
    await frame.waitForSelector('[data-testid="bulk-results"]')
    expect(await frame.textContent('[data-testid="bulk-results"]')).toContain('Решено: 3')
    await shot(page, '05-bulk-done')
  })
})
