// @vitest-environment node
/**
 * The access settings screen in Chromium through the sandbox portal (issue 18): a manager is offered no access
 * settings and sees only their own statistics; the administrator names an auditor with the portal's user picker
 * and lets department heads see their departments; the auditor then sees the whole portal's statistics, filters
 * them by a department shown by name in the portal's tree order, and lists every approval; the head of Sales sees
 * their department's statistics.
 * Screenshots go to `apps/web/e2e/screenshots/access/` (gitignored).
 */
import type { Frame } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApprovalHarness } from '../../server/src/test-support/approval-harness.ts'
import { startApprovalSpa, type ApprovalSpa } from './spa-harness.ts'

/** Maria (Sales) starts three approvals, Elena (Finance) one; Nikolay (Legal) is the auditor to be. */
const [MARIA, SALES_HEAD, ELENA, NIKOLAY] = [3, 2, 7, 10]
let spa: ApprovalSpa
let h: ApprovalHarness

beforeAll(async () => {
  spa = await startApprovalSpa({ screenshots: 'access' })
  h = spa.h
  for (const [initiator, title] of [
    [MARIA, 'Счёт 1'],
    [MARIA, 'Счёт 2'],
    [MARIA, 'Счёт 3'],
    [ELENA, 'Аванс'],
  ] as const) {
    const stages = [{ approverIds: [6], rule: { kind: 'any' } }]
    expect((await h.api(initiator, 'POST', '/api/app/approvals', { title, stages })).status).toBe(201)
  }
  await h.drain()
}, 240_000)

afterAll(async () => {
  await spa?.close()
})

const shot = (name: string) => spa.shot(name)
const openAppAs = (userId: number) => spa.openAppAs(userId)

async function statistics(frame: Frame): Promise<string> {
  await frame.click('nav >> text="Статистика"')
  await frame.waitForSelector('[data-testid="total-started"]')
  return (await frame.innerText('[data-testid="total-started"]')).replace(/\s+/g, ' ').trim()
}

describe('the access settings screen', () => {
  it('is not offered to a manager, whose statistics are their own', async () => {
    const frame = await openAppAs(NIKOLAY)
    expect(await frame.textContent('nav')).not.toContain('Настройки')
    expect(await statistics(frame)).toBe('Начато 0')
    expect(await frame.textContent('[data-testid="statistics-scope"]')).toContain('которые начали сами')
    await frame.evaluate(() => void (location.hash = '#/settings'))
    await frame.waitForSelector(
      '[data-testid="settings-page"] >> text=Менять настройки могут только администраторы портала.',
    )
    expect(await frame.$('[data-testid="access-form"]')).toBeNull()
    await frame.click('nav >> text="Все согласования"')
    await frame.waitForSelector('[data-testid="approvals-page"]')
    expect(await frame.textContent('[data-testid="approvals-page"]')).not.toContain('Все доступные')
  })

  it('lets the administrator name an auditor with the portal’s picker and open departments to their heads', async () => {
    const frame = await openAppAs(1)
    await frame.click('nav >> text="Настройки"')
    await frame.waitForSelector('[data-testid="access-form"] >> text=Аудиторов нет.')
    await frame.click('[data-testid="access-add-auditors"]')
    await spa.page.click('.portal-picker__row:has-text("Николай Фёдоров")')
    await spa.page.click('.portal-picker >> text=Выбрать')
    await frame.waitForSelector('[data-testid="auditor-10"] >> text=Николай Фёдоров')
    await frame.click('[data-testid="access-department-heads"]')
    await frame.click('[data-testid="access-save"]')
    await frame.waitForSelector('text=Права доступа сохранены.')
    await shot('01-access-settings-ru')
    const saved = (await h.api(1, 'GET', '/api/app/access')).body
    expect(saved.access).toEqual({ isDepartmentHeadAccess: true, auditorIds: [NIKOLAY] })
  })

  it('reads the same in English for an English-speaking administrator', async () => {
    const admin = h.sandbox.portal.state.users.find((u) => u.ID === 1)!
    admin.LANGUAGE_ID = 'en'
    const frame = await openAppAs(1)
    await frame.click('nav >> text="Settings"')
    await frame.waitForSelector('[data-testid="access-form"] >> text=Access rights')
    expect(await frame.textContent('[data-testid="auditor-10"]')).toContain('Николай Фёдоров')
    expect(await frame.getAttribute('[data-testid="access-department-heads"]', 'aria-checked')).toBe('true')
    await shot('01-access-settings-en')
    admin.LANGUAGE_ID = 'ru'
  })

  it('gives the auditor the whole portal’s statistics, filtered by a department shown by name', async () => {
    const frame = await openAppAs(NIKOLAY)
    expect(await statistics(frame)).toBe('Начато 4')
    expect(await frame.$('[data-testid="statistics-scope"]')).toBeNull()
    await frame.click('[data-testid="filter-departmentId"]')
    const options = frame.getByRole('option')
    expect(await options.allInnerTexts()).toEqual([
      'Любой отдел',
      'ООО «Ромашка»',
      'Отдел закупок',
      'Отдел продаж',
      'Финансовый отдел',
      'Юридический отдел',
    ])
    // Tree order: the departments under the company are indented below it.
    const indentOf = (name: string) =>
      options
        .filter({ hasText: name })
        .locator('[data-slot="itemLabel"]')
        .evaluate((label) => {
          const text = document.createRange()
          text.selectNodeContents(label)
          return text.getBoundingClientRect().left
        })
    expect(await indentOf('Отдел продаж')).toBeGreaterThan(await indentOf('ООО «Ромашка»'))
    await shot('02-department-filter-ru')
    await frame.getByRole('option', { name: 'Отдел продаж' }).click()
    await frame.waitForFunction(() =>
      document.querySelector('[data-testid="total-started"]')?.textContent?.includes('3'),
    )
    await shot('03-auditor-statistics-by-department')
    await frame.click('nav >> text="Все согласования"')
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid="approval-link"]').length === 4)
    expect(await frame.textContent('[data-testid="approvals-page"]')).toContain('Все доступные')
  })

  it('gives the head of Sales their department’s statistics', async () => {
    const frame = await openAppAs(SALES_HEAD)
    expect(await statistics(frame)).toBe('Начато 3')
    expect(await frame.textContent('[data-testid="statistics-scope"]')).toContain('которыми вы руководите')
  })
})
