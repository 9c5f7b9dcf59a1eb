// @vitest-environment node
/**
 * The robot's journey in Chromium through both sandboxes: the administrator places the app's robot "Согласование
 * в Telegram" and a "Сменить стадию" robot (only when the result is `approved`) on the "Согласование" stage on the
 * portal's Automation page, moves a deal into that stage on its card, which shows the robot waiting; the approver
 * presses Approve on the card in the Telegram phone view; the deal card then shows the robot's return values and
 * the deal in "В работе", moved by the next robot. Every step is saved to `apps/web/e2e/screenshots-robot/`
 * (gitignored).
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../sandbox/src/test-support/chromium.ts'
import { startTelegramStack, type TelegramStack } from '../../server/src/test-support/telegram-stack.ts'

const screenshots = fileURLToPath(new URL('./screenshots-robot/', import.meta.url))
const DMITRY = { id: 6, telegramId: 700_000_006 }
const DEAL = 1
let stack: TelegramStack
let browser: Browser
let page: Page
let phone: Page

beforeAll(async () => {
  rmSync(screenshots, { recursive: true, force: true })
  mkdirSync(screenshots, { recursive: true })
  stack = await startTelegramStack({ withBitrix24: true })
  await stack.link(DMITRY.id)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' })
  page.setDefaultTimeout(10_000)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

const shot = (target: Page, name: string) =>
  target.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true, animations: 'disabled' })

/** Lets the sandbox deliver and the app finish what it does after its answers. */
async function settle() {
  for (let i = 0; i < 4; i += 1) {
    await stack.b24!.flushEvents()
    await stack.act(() => Promise.resolve())
  }
}

describe('the robot in the sandbox portal', () => {
  it('places the app robot and a change-stage robot on the "Согласование" stage', async () => {
    await page.goto(`${stack.b24!.url}/crm/deal/automation/0/`)
    const robotForm = page.locator('form:has(input[name="code"][value="telegram_approval"])')
    await robotForm.waitFor()
    expect(await robotForm.textContent()).toContain('Согласование в Telegram')
    await shot(page, '01-automation-registered')
    await robotForm.locator('select[name="stageId"]').selectOption('PREPAYMENT_INVOICE')
    await robotForm.locator('input[name="prop_approvers"]').fill('user_6')
    await robotForm.locator('input[name="prop_title"]').fill('Скидка: {=Document:TITLE}')
    await Promise.all([page.waitForURL(/automation\/0\/$/), robotForm.locator('button[type="submit"]').click()])
    const stageForm = page.locator('form:has(input[name="code"][value="CrmChangeStatusActivity"])')
    await stageForm.locator('select[name="stageId"]').selectOption('PREPAYMENT_INVOICE')
    await stageForm.locator('select[name="prop_stageId"]').selectOption('EXECUTING')
    await stageForm.locator('input[name="conditionEquals"]').fill('approved')
    await Promise.all([page.waitForURL(/automation\/0\/$/), stageForm.locator('button[type="submit"]').click()])
    const rows = page.locator('table.grid tr', { hasText: 'Согласование' })
    await expect.poll(() => rows.count()).toBe(2)
    expect(await rows.nth(1).textContent()).toContain('если result = approved')
    await shot(page, '02-automation-placed')
  })

  it('moving a deal into the stage starts the robot, which waits for the decision', async () => {
    await page.goto(`${stack.b24!.url}/crm/deal/details/${DEAL}/`)
    await Promise.all([page.waitForURL(/details\/1\/$/), page.click('form.stages button:has-text("Согласование")')])
    await settle()
    await page.reload()
    const run = page.locator('#robot-runs tr', { hasText: 'Согласование в Telegram' })
    await run.locator('text=ждёт ответа приложения').waitFor()
    await shot(page, '03-deal-robot-waiting')
  })

  it('the approver presses Approve in Telegram', async () => {
    phone = await browser.newPage({ viewport: { width: 1100, height: 760 }, locale: 'ru-RU' })
    phone.setDefaultTimeout(10_000)
    await phone.goto(`${stack.telegram.url}#user=${DMITRY.telegramId}`)
    const card = phone.locator('.msg.bot', { hasText: 'Скидка:' }).last()
    const approve = card.locator('.kb-button', { hasText: 'Согласовать' })
    await approve.waitFor()
    await shot(phone, '04-telegram-card')
    await approve.click()
    await phone.locator('#toast', { hasText: /\S/ }).waitFor()
    await card.locator('.kb-button').first().waitFor({ state: 'detached' })
    await settle()
    await shot(phone, '05-telegram-approved')
  })

  it('the deal card shows the return values, and the next robot moved the deal on', async () => {
    await page.reload()
    const run = page.locator('#robot-runs tr', { hasText: 'Согласование в Telegram' })
    await run.locator('text=выполнен').waitFor()
    const values = await run.locator('dl.values').textContent()
    expect(values).toContain('approved')
    expect(values).toContain('user_6')
    expect(await page.locator('#robot-runs tr', { hasText: 'Сменить стадию' }).textContent()).toContain('выполнен')
    expect(await page.locator('form.stages button.is-current').textContent()).toContain('В работе')
    expect(stack.b24!.deals().find((d) => d.ID === String(DEAL))?.['STAGE_ID']).toBe('EXECUTING')
    await shot(page, '06-deal-moved-on')
  })
})
