// @vitest-environment node
/**
 * The Statistics page and the printable approval sheet in Chromium through the sandbox portal (issue 18): an
 * administrator opens Statistics from the app's menu and sees the totals, the chart and the tables for the
 * approvals made before, in Russian and, after switching the portal language, in English; a filter narrows the
 * figures; the approval sheet prints without the app's navigation. Screenshots go to
 * `apps/web/e2e/screenshots-statistics/` (gitignored).
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../sandbox/src/test-support/chromium.ts'
import { startApprovalHarness, type ApprovalHarness } from '../../server/src/test-support/approval-harness.ts'
import { buildSpa, webRoot, withSpaAssets } from './spa-build.ts'

const screenshots = join(webRoot, 'e2e/screenshots-statistics')
const INITIATOR = 3
let dist: string
let h: ApprovalHarness
let browser: Browser
let page: Page
let approvalId: string

/** Twelve approvals by user 3: approver 2 approves five, rejects three (with a comment), sends one back. */
beforeAll(async () => {
  rmSync(screenshots, { recursive: true, force: true })
  mkdirSync(screenshots, { recursive: true })
  dist = await buildSpa()
  h = await startApprovalHarness({ spaIndexFile: join(dist, 'index.html') })
  h.listener.use(withSpaAssets(dist, h.server.app))
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' })
  page.setDefaultTimeout(15_000)
  for (let i = 0; i < 12; i += 1) {
    const stages = [{ approverIds: [2], rule: { kind: 'all' } }]
    const created = await h.api(INITIATOR, 'POST', '/api/app/approvals', { title: `Счёт №${i}`, stages })
    expect(created.status).toBe(201)
    const id = created.body.approval.id
    approvalId ??= id
    const response = i < 5 ? 'approve' : i < 8 ? 'reject' : i < 9 ? 'send-back' : null
    if (response) {
      const body = { response, comment: response === 'approve' ? undefined : 'Нужна смета' }
      expect((await h.api(2, 'POST', `/api/app/approvals/${id}/decision`, body)).status).toBe(200)
    }
  }
  await h.drain()
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await h?.close()
  if (dist) rmSync(dist, { recursive: true, force: true })
})

const shot = (name: string) =>
  page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true, animations: 'disabled' })

async function openStatistics(navLabel: string): Promise<Frame> {
  await page.goto(`${h.sandbox.url}/marketplace/app/${h.sandbox.app.clientId}/`)
  const frame = (await (await page.waitForSelector('iframe[name*="|"]')).contentFrame())!
  await frame.getByRole('link', { name: navLabel }).click()
  await frame.waitForSelector('[data-testid="statistics-chart"] canvas')
  await frame.waitForSelector('[data-testid="times-table"]')
  return frame
}

const totalOf = async (frame: Frame, key: string) =>
  (await frame.innerText(`[data-testid="total-${key}"]`)).replace(/\s+/g, ' ').trim()

describe('the Statistics page', () => {
  it('shows the totals, the chart and the tables in Russian', async () => {
    const frame = await openStatistics('Статистика')
    expect(await totalOf(frame, 'started')).toBe('Начато 12')
    expect(await totalOf(frame, 'approved')).toBe('Согласовано 5')
    expect(await totalOf(frame, 'rejected')).toBe('Отклонено 3')
    expect(await totalOf(frame, 'sentBack')).toBe('Возвращено 1')
    expect(await totalOf(frame, 'approvalRate')).toMatch(/62,5\s?%/)
    expect(await frame.textContent('[data-testid="slowest-open"]')).toContain('Счёт №9')
    await shot('01-statistics-ru')
  })

  it('rebuilds the statistics for an admin and keeps the same figures', async () => {
    const frame = await openStatistics('Статистика')
    const button = frame.getByTestId('statistics-rebuild')
    expect(await button.innerText()).toBe('Пересчитать статистику')
    await button.click()
    await frame.waitForFunction(() => {
      const button = document.querySelector('[data-testid="statistics-rebuild"]')
      return button?.textContent?.trim() === 'Пересчитать статистику' && !button.hasAttribute('disabled')
    })
    expect(await totalOf(frame, 'started')).toBe('Начато 12')
    expect(await frame.isVisible('[role="alert"]')).toBe(false)
    await shot('01b-statistics-ru-rebuilt')
  })

  it('narrows the figures to a subject kind nobody used', async () => {
    const frame = await openStatistics('Статистика')
    await frame.click('[data-testid="filter-subjectKind"]')
    await frame.getByRole('option', { name: 'Сделка' }).click()
    await frame.waitForFunction(() =>
      document.querySelector('[data-testid="total-started"]')?.textContent?.includes('0'),
    )
    expect(await totalOf(frame, 'started')).toBe('Начато 0')
    await shot('02-statistics-ru-filtered')
  })

  it('prints the approval sheet without the app’s navigation', async () => {
    await page.goto(`${h.sandbox.url}/marketplace/app/${h.sandbox.app.clientId}/`)
    const frame = (await (await page.waitForSelector('iframe[name*="|"]')).contentFrame())!
    await frame.evaluate((id) => (location.hash = `#/approvals/${id}/print`), approvalId)
    await frame.waitForSelector('[data-testid="print-round"]')
    expect(await frame.textContent('[data-testid="print-title"]')).toBe('Счёт №0')
    expect(await frame.textContent('[data-testid="print-round"]')).toContain('Согласовано')
    await page.emulateMedia({ media: 'print' })
    expect(await frame.isVisible('nav')).toBe(false)
    expect(await frame.isVisible('[data-testid="print-button"]')).toBe(false)
    await shot('04-approval-sheet-print')
    await page.emulateMedia({ media: 'screen' })
  })

  it('shows the same page in English when the portal speaks English', async () => {
    const admin = h.sandbox.portal.state.users.find((u) => u.ID === 1)!
    admin.LANGUAGE_ID = 'en'
    const frame = await openStatistics('Statistics')
    expect(await totalOf(frame, 'started')).toBe('Started 12')
    expect(await totalOf(frame, 'approvalRate')).toBe('Approval rate 62.5%')
    expect(await frame.textContent('[data-testid="times-table"]')).toContain('Median')
    await shot('03-statistics-en')
    admin.LANGUAGE_ID = 'ru'
  })
})
