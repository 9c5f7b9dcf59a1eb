// @vitest-environment node
/**
 * The Users and Notifications pages in Chromium through the sandbox portal frame, in Russian and in English (the
 * portal user's language): the administrator sees every user with their Telegram state and filters them; a
 * user saves quiet hours and a digest and reads them back. Screenshots go to `apps/web/e2e/screenshots/people/`.
 */
import type { Frame } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSpaHarness, type SpaHarness } from './spa-harness.ts'

let h: SpaHarness

beforeAll(async () => {
  h = await startSpaHarness({ screenshots: 'people' })
  h.b24.portal.state.users.find((u) => u.ID === 12)!.ACTIVE = false
}, 240_000)
afterAll(async () => {
  await h?.close()
})

async function usersPage(frame: Frame, nav: string, dismissed: string) {
  await frame.click(`nav >> text="${nav}"`)
  await frame.waitForSelector('[data-testid="people-table"] tbody tr')
  const text = await frame.textContent('[data-testid="people-table"]')
  expect(text).toContain('Анна Смирнова')
  expect(text).toContain(dismissed)
}

async function notificationsPage(frame: Frame, nav: string) {
  await frame.click(`nav >> text="${nav}"`)
  await frame.waitForSelector('[data-testid="notification-form"]')
  await frame.check('[data-testid="quiet-enabled"]')
  await frame.fill('[data-testid="quiet-from"]', '22:00')
  await frame.fill('[data-testid="quiet-to"]', '08:00')
  await frame.check('[data-testid="digest-enabled"]')
  await frame.click('[data-testid="notification-form"] button[type="submit"]')
}

describe('the Users and Notifications pages', () => {
  it('show users and notification settings in Russian', async () => {
    const frame = await h.openApp('home-page')
    await usersPage(frame, 'Сотрудники', 'Уволен в Битрикс24')
    await h.shot(h.page, 'users-ru')
    await frame.selectOption('[data-testid="people-state"]', 'deactivated')
    await frame.waitForFunction(() => document.querySelectorAll('[data-testid="people-table"] tbody tr').length === 1)
    await notificationsPage(frame, 'Уведомления')
    await frame.waitForSelector('text=Сохранено.')
    await h.shot(h.page, 'notifications-ru')
  })

  it('show them in English for an English-speaking user', async () => {
    h.b24.portal.state.users.find((u) => u.ID === 1)!.LANGUAGE_ID = 'en'
    const frame = await h.openApp('home-page')
    await usersPage(frame, 'Users', 'Dismissed in Bitrix24')
    await h.shot(h.page, 'users-en')
    await frame.click('nav >> text="Notifications"')
    await frame.waitForSelector('[data-testid="notification-form"]')
    expect(await frame.inputValue('[data-testid="quiet-from"]')).toBe('22:00')
    expect(await frame.isChecked('[data-testid="digest-enabled"]')).toBe(true)
    await h.shot(h.page, 'notifications-en')
  })
})
