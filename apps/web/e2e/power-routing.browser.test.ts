// @vitest-environment node
/**
 * Approvers by role, a stage condition and an absence with a deputy, in Chromium through the sandbox portal
 * (issue #21 items 2, 4, 5): the administrator sets an absence on the home page, adds a department head and an
 * amount condition to a stage of the new-approval form, starts it, and the approval page shows who the role came
 * to; a template saved with pipelines, sources and a workgroup role opens again as saved. Screenshots go to `apps/web/e2e/screenshots/power/` (gitignored).
 */
import type { Frame } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSpaHarness, type SpaHarness } from './spa-harness.ts'

let h: SpaHarness
beforeAll(async () => {
  h = await startSpaHarness({ screenshots: 'power' })
}, 240_000)
afterAll(async () => {
  await h?.close()
})

/** Calls the app's API as the portal's user 1 (the administrator who installed it). */
async function api(method: string, path: string, body?: unknown) {
  const res = await h.server.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${h.b24.issueTokens(1).access_token}`,
      'x-b24-member-id': h.b24.memberId,
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, never> }
}

/** Picks `label` in the b24ui select `testId` (its options open in a popup of the frame). */
async function choose(frame: Frame, testId: string, label: string) {
  await frame.click(`[data-testid="${testId}"]`)
  await frame.click(`[role="option"]:has-text("${label}")`)
  await frame.waitForSelector('[role="listbox"]', { state: 'detached' })
}

const today = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

describe('roles, conditions and deputies in the app', () => {
  it('shows my absence with its deputy on the home page', async () => {
    const set = await api('POST', '/api/app/absences', { from: today(0), to: today(7), deputyId: 6 })
    expect(set.status).toBe(201)
    const frame = await h.openApp('home-page')
    const item = await frame.waitForSelector('[data-testid="absence-item"]')
    expect(await item.textContent()).toContain('Дмитрий')
    await h.shot(h.page, '01-home-absence')
  })

  it('adds a department head and an amount condition to a stage and shows who the role came to', async () => {
    const frame = await h.openApp('home-page')
    await frame.click('text=Новое согласование')
    await frame.waitForSelector('[data-testid="new-approval-page"]')
    await frame.fill('[data-testid="form-title"] input, input[data-testid="form-title"]', 'Закупка ноутбуков')
    await choose(frame, 'role-kind', 'Руководитель отдела')
    await choose(frame, 'role-department', 'Финансовый отдел')
    await frame.click('[data-testid="role-add"]')
    await frame.waitForSelector('[data-testid="stage-role"] >> text=Руководитель: Финансовый отдел')
    await frame.click('[data-testid="condition-toggle"]')
    await frame.waitForSelector('[data-testid="condition-amount"]')
    await h.shot(h.page, '02-form-role-and-condition')
    // Without a deal the amount condition fails: switch it off so the stage applies.
    await frame.click('[data-testid="condition-toggle"]')
    await frame.click('[data-testid="form-submit"]')
    const resolution = await frame.waitForSelector('[data-testid="stage-resolution"]')
    expect(await resolution.textContent()).toContain('Дмитрий')
    await h.shot(h.page, '03-approval-role-resolved')
  })
})

/** Picks `labels` in the multiple b24ui select menu `testId`, then closes it. */
async function chooseMany(frame: Frame, testId: string, labels: string[]) {
  await frame.click(`[data-testid="${testId}"]`)
  // The menu's search box has the focus: typing narrows the list to the option, Enter picks it.
  for (const label of labels) {
    await h.page.keyboard.type(label)
    await frame.waitForSelector(`[role="option"]:has-text("${label}")`)
    await h.page.keyboard.press('Enter')
    await h.page.keyboard.press('Control+A')
    await h.page.keyboard.press('Backspace')
  }
  await h.page.keyboard.press('Escape')
  await frame.waitForSelector('[role="listbox"]', { state: 'detached' })
}

describe('every stage condition and a workgroup role in the template form', () => {
  it('saves pipelines, sources and a workgroup role, and shows the template again as saved', async () => {
    const frame = await h.openApp('home-page')
    await frame.click('nav >> text=Шаблоны')
    await frame.waitForSelector('[data-testid="templates-page"]')
    await frame.click('text=Новый шаблон')
    await frame.fill('[data-testid="template-name"] input, input[data-testid="template-name"]', 'Тендерная закупка')
    await choose(frame, 'role-kind', 'Участники рабочей группы')
    await choose(frame, 'role-group', 'Тендерный комитет')
    await frame.click('[data-testid="role-add"]')
    await frame.waitForSelector('[data-testid="stage-role"] >> text=Участники группы: Тендерный комитет')
    await frame.click('[data-testid="condition-pipelines-toggle"]')
    await chooseMany(frame, 'condition-pipelines', ['Закупки'])
    await frame.click('[data-testid="condition-sources-toggle"]')
    await chooseMany(frame, 'condition-sources', ['Веб-сайт', 'Звонок'])
    await h.shot(h.page, '04-template-conditions-and-group')
    await frame.click('[data-testid="template-form"] button[type="submit"]')
    await frame.waitForSelector('[data-testid="template-list"] >> text=Тендерная закупка')
    const saved = (await api('GET', '/api/app/templates')).body['templates'] as unknown as {
      id: string
      name: string
      stages: { roles: unknown; condition: unknown }[]
    }[]
    const template = saved.find((t) => t.name === 'Тендерная закупка')!
    expect(template.stages[0]).toMatchObject({
      roles: [{ kind: 'group-members', groupId: 1 }],
      condition: { minAmount: null, pipelineIds: [1], sourceIds: ['WEB', 'CALL'] },
    })
    // Opened again, the form shows what was saved.
    const row = await frame.waitForSelector('[data-testid="template-list"] li:has-text("Тендерная закупка")')
    await (await row.$('button:has-text("Изменить")'))!.click()
    await frame.waitForSelector('[data-testid="stage-role"] >> text=Участники группы: Тендерный комитет')
    expect(await frame.textContent('[data-testid="condition-pipelines"]')).toContain('Закупки')
    expect(await frame.textContent('[data-testid="condition-sources"]')).toMatch(/Веб-сайт.*Звонок|Звонок.*Веб-сайт/)
    await h.shot(h.page, '05-template-reopened')
  })
})
