// @vitest-environment node
/**
 * The Automation page in Chromium through the sandbox portal frame: the administrator opens it from the app's
 * navigation, is told what to fix when she saves an incomplete rule, sets a rule up with the portal's own
 * pipelines and stages (a purchase entering «Согласование закупки» with an amount of at least 100 000 ₽ goes to the
 * responsible person's head; approved → next stage), and sees it listed. A purchase the rule then catches shows
 * «started by the rule» on its approval page; a manager is not shown the page. Screenshots are saved to
 * `apps/web/e2e/screenshots/automation/`.
 */
import type { Frame } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PORTAL_USER_COOKIE } from '../../sandbox/src/bitrix24/oauth/token-server.ts'
import { startSpaHarness, type SpaHarness } from './spa-harness.ts'

let h: SpaHarness
const RULE = 'Крупные закупки'

beforeAll(async () => {
  h = await startSpaHarness({ screenshots: 'automation' })
  const token = h.b24.issueTokens(1).access_token
  const res = await h.server.app.request('/api/app/templates', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'x-b24-member-id': h.b24.memberId,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name: 'Финансовая проверка', stages: [{ approverIds: [6], rule: { kind: 'all' } }] }),
  })
  expect(res.status).toBe(201)
}, 240_000)
afterAll(async () => {
  await h?.close()
})

/** Picks `label` in the b24ui select `testId` (its options open in a popup of the frame). */
async function choose(frame: Frame, testId: string, label: string) {
  await frame.click(`[data-testid="${testId}"]`)
  await frame.click(`[role="option"]:has-text("${label}")`)
  await frame.waitForSelector('[role="listbox"]', { state: 'detached' })
}

describe('the Automation page', () => {
  let frame: Frame

  it('opens from the navigation for an administrator', async () => {
    frame = await h.openApp('home-page')
    await frame.click('nav >> text="Автоматизация"')
    await frame.waitForSelector('[data-testid="automation-page"] >> text=Правил пока нет.')
    await h.shot(h.page, '01-automation-empty')
  })

  it('says what to fix when a rule is incomplete, and saves nothing', async () => {
    await frame.click('[data-testid="rule-create"]')
    await frame.waitForSelector('[data-testid="rule-form"]')
    await frame.click('[data-testid="rule-form"] button[type="submit"]')
    const issues = await frame.waitForSelector('[data-testid="form-issues"]')
    expect(await issues.textContent()).toContain('Назовите правило')
    expect(await issues.textContent()).toContain('Выберите шаблон')
    await h.shot(h.page, '02-rule-incomplete')
  })

  it('sets a rule up with the portal pipelines and stages, and lists it', async () => {
    await frame.fill('[data-testid="rule-name"]', RULE)
    await choose(frame, 'rule-pipeline', 'Закупки')
    await choose(frame, 'rule-stage', 'Согласование закупки')
    await choose(frame, 'rule-add-condition', 'Сумма')
    await frame.fill('input[data-testid="condition-amount"], [data-testid="condition-amount"] input', '100000')
    await choose(frame, 'rule-template', 'Финансовая проверка')
    await choose(frame, 'rule-approvers', 'Руководитель ответственного')
    await choose(frame, 'rule-on-approved', 'Заказано')
    await h.shot(h.page, '03-rule-editor')
    await frame.click('[data-testid="rule-form"] button[type="submit"]')
    await frame.waitForSelector('[data-testid="rule-form"]', { state: 'detached' })
    const list = await frame.waitForSelector(`[data-testid="rule-list"] >> text=${RULE}`)
    expect(await list.isVisible()).toBe(true)
    const text = await frame.textContent('[data-testid="rule-list"]')
    expect(text).toContain('Сделка перешла на стадию «Согласование закупки» (Закупки)')
    expect(text).toContain('Финансовая проверка')
    await h.shot(h.page, '04-rule-listed')
  })

  it('shows on the approval page which rule started it', async () => {
    const id = Number(
      await h.b24.callAsUser(12, 'crm.deal.add', {
        fields: { TITLE: 'Закупка серверов', CATEGORY_ID: 1, STAGE_ID: 'C1:APPROVAL', OPPORTUNITY: 250_000 },
      }),
    )
    // The portal tells the app about the new deal; the app reads it and the rule starts the approval.
    await h.b24.flushEvents()
    await h.server.drain()
    expect(id).toBeGreaterThan(0)
    await frame.click('nav >> text="Все согласования"')
    await frame.click('text=Закупка серверов')
    const origin = await frame.waitForSelector('[data-testid="approval-rule"]')
    expect(await origin.textContent()).toContain(`Запущено правилом автоматизации «${RULE}»`)
    await h.shot(h.page, '05-approval-started-by-rule')
    await frame.click('nav >> text="Автоматизация"')
    const activity = await frame.waitForSelector('[data-testid="rule-activity"]')
    await expect.poll(() => activity.textContent()).toContain('Запущено согласований: 1')
  })

  it('is not offered to a manager, and refuses them if they come by link', async () => {
    await h.page.context().addCookies([{ name: PORTAL_USER_COOKIE, value: '3', url: h.b24.url }])
    const managerFrame = await h.openApp('home-page')
    expect(await managerFrame.textContent('nav')).not.toContain('Автоматизация')
    await managerFrame.evaluate(() => void (location.hash = '#/automation'))
    await managerFrame.waitForSelector(
      '[data-testid="automation-page"] >> text=Правила автоматизации настраивают только администраторы портала.',
    )
    await h.shot(h.page, '06-manager-refused')
  })
})
