// @vitest-environment node
/**
 * A revision round in Chromium through the sandbox portal (issue #17 items 1 and 3): an approver sent the
 * approval back with a reason; the initiator opens the link in her Bitrix24 notification, which opens the app in
 * the portal's slider at that approval (`REST_APP_URI`); she revises title and description in the form prefilled
 * from the approval and resubmits; the page shows the new round and its changes, and the approvers' Bitrix24 tasks
 * are reopened. The app's own address opened outside the portal links into the portal at the approval.
 * Screenshots go to `apps/web/e2e/screenshots-revision/` (gitignored).
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../sandbox/src/test-support/chromium.ts'
import {
  approvalTasks,
  startApprovalHarness,
  type ApprovalHarness,
} from '../../server/src/test-support/approval-harness.ts'
import { buildSpa, webRoot, withSpaAssets } from './spa-build.ts'

const screenshots = join(webRoot, 'e2e/screenshots-revision')
const INITIATOR = 3
const APPROVER = 2
let dist: string
let h: ApprovalHarness
let browser: Browser
let page: Page
let approvalId: string

beforeAll(async () => {
  rmSync(screenshots, { recursive: true, force: true })
  mkdirSync(screenshots, { recursive: true })
  dist = await buildSpa()
  h = await startApprovalHarness({ spaIndexFile: join(dist, 'index.html') })
  h.listener.use(withSpaAssets(dist, h.server.app))
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' })
  page.setDefaultTimeout(15_000)
  const stages = [{ approverIds: [APPROVER, 6], rule: { kind: 'all' } }]
  const created = await h.api(INITIATOR, 'POST', '/api/app/approvals', {
    ...{ title: 'Закупка мебели', description: 'Столы и стулья для переговорной', stages },
  })
  approvalId = created.body.approval.id
  await h.drain()
  const back = await h.api(APPROVER, 'POST', `/api/app/approvals/${approvalId}/decision`, {
    ...{ response: 'send-back', comment: 'Приложите смету и уточните количество' },
  })
  expect(back.status).toBe(200)
  await h.drain()
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await h?.close()
  if (dist) rmSync(dist, { recursive: true, force: true })
})

const shot = (name: string) =>
  page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true, animations: 'disabled' })

/** The frame (at any depth: slider → portal page → app) that shows `testId`. */
async function frameWith(testId: string): Promise<Frame> {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    for (const frame of page.frames()) {
      if (await frame.$(`[data-testid="${testId}"]`).catch(() => null)) return frame
    }
    await page.waitForTimeout(100)
  }
  throw new Error(`no frame shows ${testId}`)
}

describe('revising a returned approval', () => {
  it('opens from the Bitrix24 notification in the slider, revises in the prefilled form and resubmits', async () => {
    const notifications = `/company/personal/user/${INITIATOR}/notifications/`
    await page.goto(`${h.sandbox.url}/ui/switch-user?user=${INITIATOR}&back=${encodeURIComponent(notifications)}`)
    const link = page.locator('a[data-slider]', { hasText: 'Открыть согласование' }).first()
    expect(await link.getAttribute('href')).toContain(`/marketplace/view/${h.sandbox.app.clientId}/`)
    await shot('01-notification-with-link')
    await link.click()
    const approvalFrame = await frameWith('approval-page')
    await approvalFrame.waitForSelector('[data-testid="revision-send-back"]')
    expect(await approvalFrame.textContent('[data-testid="approval-title"]')).toBe('Закупка мебели')
    expect(await approvalFrame.textContent('[data-testid="revision-send-back"]')).toContain(
      'Приложите смету и уточните количество',
    )
    await shot('02-approval-in-slider-sent-back')

    await approvalFrame.click('[data-testid="approval-revise"]')
    const form = await frameWith('revision-form')
    expect(await form.inputValue('[data-testid="revision-title"]')).toBe('Закупка мебели')
    expect(await form.inputValue('[data-testid="revision-description"]')).toBe('Столы и стулья для переговорной')
    await shot('03-revision-form-prefilled')

    await form.fill('[data-testid="revision-title"]', '')
    await form.click('[data-testid="revision-submit"]')
    await form.waitForSelector('[data-testid="form-issues"]')
    await shot('04-revision-form-refuses-empty-title')

    await form.fill('[data-testid="revision-title"]', 'Закупка мебели (смета приложена)')
    await form.fill('[data-testid="revision-description"]', 'Столы — 4 шт., стулья — 12 шт. Смета: 184 000 ₽')
    await form.fill('[data-testid="revision-comment"]', 'Смета и количество добавлены')
    await form.click('[data-testid="revision-submit"]')
    const after = await frameWith('revision-rounds')
    expect(await after.textContent('[data-testid="revision-rounds"]')).toContain('Закупка мебели (смета приложена)')
    await shot('05-approval-after-resubmit')

    const stored = (await h.api(INITIATOR, 'GET', `/api/app/approvals/${approvalId}`)).body.approval
    expect(stored.status).toBe('pending')
    expect(stored.rounds).toHaveLength(2)
    await h.drain()
    expect(approvalTasks(h.sandbox, approvalId).map((t) => t.STATUS)).toEqual([2, 2])
  })

  it('explains the app’s own address outside the portal and links into the portal at the approval', async () => {
    const outside = await browser.newPage({ viewport: { width: 390, height: 800 }, locale: 'ru-RU' })
    await outside.goto(`${h.listener.url}/#/approvals/${approvalId}`)
    const button = outside.locator('[data-testid="outside-portal-link"]')
    await button.waitFor()
    expect(await button.getAttribute('href')).toBe(
      `${h.sandbox.url}/marketplace/view/${h.sandbox.app.clientId}/?params%5Bapproval%5D=${approvalId}`,
    )
    await outside.screenshot({ path: join(screenshots, '06-outside-links-into-portal.png'), fullPage: true })
    await outside.close()
  })
})
