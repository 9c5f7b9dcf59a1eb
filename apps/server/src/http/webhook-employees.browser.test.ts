/**
 * Webhook mode driven from the sandbox portal's own pages in Debian's Chromium (issue #19): the administrator ticks
 * ONUSERUPDATE in the outgoing-webhook form, types a Telegram id into an employee's profile field — the app asks
 * that Telegram account to confirm, and only its Yes links — then dismisses the employee, whose pending step goes
 * to their head. Screenshots go to `apps/sandbox/test-results/bitrix24-ui/` (git-ignored).
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../../sandbox/src/test-support/chromium.ts'
import { findLinkByUser } from '../services/telegram/telegram-links.ts'
import { startTelegramStack, telegramIdOf, type TelegramStack } from '../test-support/telegram-stack.ts'

const screenshots = fileURLToPath(new URL('../../../sandbox/test-results/bitrix24-ui/', import.meta.url))
const ADMIN = 1
const MANAGER = 3
const APPROVER = 4
/** Head of the sales department (APPROVER's). */
const HEAD = 2
let s: TelegramStack
let browser: Browser
let page: Page

/** Submits a portal form in the browser, then waits for the events it sent and the app's work after them. */
async function submit(selector: string) {
  await s.act(async () => {
    await Promise.all([page.waitForNavigation(), page.click(selector)])
    await s.b24!.flushEvents()
    await s.server.drain()
  })
}

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  s = await startTelegramStack({ webhookEvents: ['ONCRMDEALADD'] })
  await s.act(() => s.telegram.user(telegramIdOf(APPROVER)).send('/start'))
  expect((await s.api(ADMIN, 'POST', '/api/app/profiles/telegram-field')).status).toBe(200)
  browser = await launchChromium()
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1400, height: 900 } })
  page = await context.newPage()
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await s?.close()
})

describe('webhook mode from the portal pages', () => {
  it('ticks ONUSERUPDATE in the outgoing webhook; a Telegram id typed on the Employees page links after a Yes', async () => {
    const hook = s.b24!.portal.state.outgoingWebhooks[0]!
    await page.goto(`${s.b24!.url}/devops/outgoing-webhook/`)
    expect(await page.inputValue(`form[data-webhook="${hook.id}"] input[name="token"]`)).toBe(hook.applicationToken)
    await page.check(`form[data-webhook="${hook.id}"] input[name="event_ONUSERUPDATE"]`)
    await submit(`form[data-webhook="${hook.id}"] button:has-text("Сохранить")`)
    expect(hook.events).toEqual(['ONCRMDEALADD', 'ONUSERUPDATE'])
    await page.screenshot({ path: `${screenshots}outgoing-webhook.png` })

    await page.goto(`${s.b24!.url}/company/personal/user/${APPROVER}/`)
    await page.fill('input[name="UF_USR_TELEGRAM_ID"]', String(telegramIdOf(APPROVER)))
    await submit('form[action$="/edit/"] button[type="submit"]')
    expect(await page.inputValue('input[name="UF_USR_TELEGRAM_ID"]')).toBe(String(telegramIdOf(APPROVER)))
    await page.screenshot({ path: `${screenshots}employee-profile.png` })
    const question = s.telegram.chat(telegramIdOf(APPROVER)).lastMessage()!
    expect(question.text).toContain('Алексей Соколов')
    expect(await findLinkByUser(s.server.store, s.b24!.memberId, APPROVER)).toBeNull()
    await s.act(() => s.telegram.user(telegramIdOf(APPROVER)).press(question.message_id, '✅ Да, это я'))
    expect((await findLinkByUser(s.server.store, s.b24!.memberId, APPROVER))?.telegramId).toBe(telegramIdOf(APPROVER))
  })

  it('dismissing the employee on their page hands their pending step to their head', async () => {
    const created = await s.api(MANAGER, 'POST', '/api/app/approvals', {
      title: 'Командировка',
      stages: [{ approverIds: [APPROVER], rule: { kind: 'all' } }],
    })
    expect(created.status).toBe(201)
    const id = created.body.approval.id as string
    await page.goto(`${s.b24!.url}/company/personal/user/${APPROVER}/`)
    await submit('form[action$="/active/"] button:has-text("Уволить")')
    expect(await page.textContent('main')).toContain('уволен')
    await page.screenshot({ path: `${screenshots}employee-dismissed.png` })

    const { approval } = (await s.api(MANAGER, 'GET', `/api/app/approvals/${id}`)).body
    expect(approval.rounds.at(-1).stages[0].seats).toEqual([
      expect.objectContaining({ userId: HEAD, originalUserId: APPROVER, response: null }),
    ])
    expect(approval.audit.at(-1)).toMatchObject({ action: 'escalate', actorId: null, actingFor: APPROVER })
    expect(await findLinkByUser(s.server.store, s.b24!.memberId, APPROVER)).toBeNull()
    const tasks = s.b24!.tasks().filter((t) => t.TITLE.includes('Командировка'))
    expect(tasks.map((t) => [t.RESPONSIBLE_ID, t.STATUS])).toEqual([
      [APPROVER, 5],
      [HEAD, 2],
    ])
  })
})
