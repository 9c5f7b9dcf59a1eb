/**
 * The people routes end to end with both sandboxes: who sees which approval (participants, admins, auditors,
 * department heads), the admins' users page (Telegram states, filters, invite, revoke, language), and personal
 * notification settings (bad input named, quiet hours holding a card until they end, Telegram switched off, the
 * daily digest once a day).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tenantKey } from '../ports/store.ts'
import { manualClock } from '../test-support/approval-harness.ts'
import { startTelegramStack, telegramIdOf, type TelegramStack } from '../test-support/telegram-stack.ts'
import { setBlocked } from '../services/telegram/telegram-links.ts'
import { quietPingQueue } from '../services/people/ping-policy.ts'

const clock = manualClock()
const cronSecret = 'cron-secret-0123456789'
let stack: TelegramStack
let approvalId: string

const chatTexts = (userId: number) =>
  stack.telegram
    .chat(telegramIdOf(userId))
    .messages()
    .map((m) => m.text ?? '')
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16)

async function start(initiator: number, approverId: number, title: string): Promise<string> {
  const stages = [{ approverIds: [approverId], rule: { kind: 'any' } }]
  const res = await stack.api(initiator, 'POST', '/api/app/approvals', { title, stages })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  await stack.act(async () => undefined)
  return res.body.approval.id as string
}

async function tick() {
  const res = await stack.server.app.request('/api/cron/tick', {
    method: 'POST',
    headers: { authorization: `Bearer ${cronSecret}` },
  })
  expect(res.status).toBe(200)
  await stack.act(async () => undefined)
  return res.json()
}

beforeAll(async () => {
  stack = await startTelegramStack({ withBitrix24: true, clock, env: { CRON_SECRET: cronSecret } })
  // Maria (3, Sales: head Ivan 2) asks Elena (7, Finance: head Dmitry 6).
  approvalId = await start(3, 7, 'Закупка ноутбуков')
})
afterAll(async () => {
  await stack.close()
})

describe('access rights', () => {
  it('shows an approval to its participants and admins only, until the portal grants more', async () => {
    for (const userId of [3, 7, 1])
      expect((await stack.api(userId, 'GET', `/api/app/approvals/${approvalId}`)).status).toBe(200)
    const outsider = await stack.api(9, 'GET', `/api/app/approvals/${approvalId}`)
    expect([outsider.status, outsider.body.error.code]).toEqual([403, 'NOT_ALLOWED'])
    const all = await stack.api(9, 'GET', '/api/app/approvals?role=all')
    expect([all.status, all.body.error.code]).toEqual([403, 'ADMIN_REQUIRED'])
  })

  it('refuses access settings from non-admins and names bad fields', async () => {
    expect((await stack.api(3, 'PUT', '/api/app/access', { auditorIds: [9] })).status).toBe(403)
    const bad = await stack.api(1, 'PUT', '/api/app/access', { auditorIds: ['x'] })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body.error.details)).toContain('auditorIds')
    const unknown = await stack.api(1, 'PUT', '/api/app/access', { auditorIds: [99_999] })
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'UNKNOWN_USERS'])
    expect((await stack.api(1, 'GET', '/api/app/access')).body.access).toEqual({
      isDepartmentHeadAccess: false,
      auditorIds: [],
    })
  })

  it('lets auditors see everything and department heads their departments', async () => {
    const saved = await stack.api(1, 'PUT', '/api/app/access', { auditorIds: [9], isDepartmentHeadAccess: true })
    expect(saved.status).toBe(200)
    const audited = await stack.api(9, 'GET', '/api/app/approvals?role=all')
    expect(audited.body.items.map((a: { id: string }) => a.id)).toContain(approvalId)
    // Ivan heads the initiator's department, Dmitry the approver's; Igor (11) heads purchasing.
    for (const head of [2, 6]) {
      expect((await stack.api(head, 'GET', `/api/app/approvals/${approvalId}`)).status).toBe(200)
      const listed = await stack.api(head, 'GET', '/api/app/approvals?role=all')
      expect(listed.body.items.map((a: { id: string }) => a.id)).toContain(approvalId)
    }
    expect((await stack.api(11, 'GET', `/api/app/approvals/${approvalId}`)).status).toBe(403)
    const other = await stack.api(11, 'GET', '/api/app/approvals?role=all')
    expect(other.status).toBe(200)
    expect(other.body.items.map((a: { id: string }) => a.id)).not.toContain(approvalId)
    // Auditors read but do not act.
    const cancel = await stack.api(9, 'POST', `/api/app/approvals/${approvalId}/cancel`, { reason: 'audit' })
    expect(cancel.status).toBe(403)
  })

  it("gives auditors the portal's statistics and export, heads their departments', others their own", async () => {
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
    const period = `from=${day(clock.now() - 86_400_000)}&to=${day(clock.now() + 86_400_000)}`
    const scopeOf = async (userId: number) => {
      const res = await stack.api(userId, 'GET', `/api/app/statistics?${period}`)
      expect(res.status).toBe(200)
      return [res.body.statistics.scope, res.body.statistics.totals.started]
    }
    const reachOf = async (userId: number) => (await stack.api(userId, 'GET', '/api/app/me')).body.user.reach
    expect([await reachOf(1), await reachOf(9), await reachOf(2), await reachOf(4)]).toEqual([
      ...['all', 'all', 'department', 'none'],
    ])
    // While Bitrix24 cannot name a head's departments, the app still opens for them, with their own approvals.
    await stack.server.store.delete(tenantKey(stack.b24!.memberId, 'people'))
    stack.b24!.failNext('department.get', { status: 500, code: 'INTERNAL_SERVER_ERROR', times: 20 })
    const outage = await stack.api(2, 'GET', '/api/app/me')
    expect([outage.status, outage.body.user?.reach]).toEqual([200, 'none'])
    stack.b24!.portal.knobs.faults.length = 0
    expect(await reachOf(2)).toBe('department')
    // Auditor 9 and the initiator's head 2 count Maria's approval; Igor (11) heads another department.
    expect(await scopeOf(9)).toEqual(['all', 1])
    expect(await scopeOf(2)).toEqual(['department', 1])
    expect(await scopeOf(11)).toEqual(['department', 0])
    expect(await scopeOf(4)).toEqual(['own', 0])
    const exported = await stack.api(9, 'GET', '/api/app/exports/approvals/count?role=all')
    expect([exported.status, exported.body.count]).toEqual([200, 1])
    const refused = await stack.api(4, 'GET', '/api/app/exports/approvals/count?role=all')
    expect([refused.status, refused.body.error.code]).toEqual([403, 'ADMIN_REQUIRED'])
  })

  it('saves access settings over the version read, and refuses every other save of that version', async () => {
    const read = await stack.api(1, 'GET', '/api/app/access')
    const { version } = read.body
    expect(version).toBeGreaterThan(0)
    const saves = await Promise.all(
      [[9], [9, 5]].map((auditorIds) =>
        stack.api(1, 'PUT', '/api/app/access', { auditorIds, isDepartmentHeadAccess: true, version }),
      ),
    )
    expect(saves.map((r) => r.status).sort()).toEqual([200, 409])
    const refused = saves.find((r) => r.status === 409)!
    expect(refused.body.error.code).toBe('ACCESS_SETTINGS_CHANGED')
    const saved = saves.find((r) => r.status === 200)!
    const now = await stack.api(1, 'GET', '/api/app/access')
    expect(now.body).toEqual({ access: saved.body.access, version: saved.body.version })
    expect(now.body.version).toBe(version + 1)
    const stale = await stack.api(1, 'PUT', '/api/app/access', { auditorIds: [], version })
    expect(stale.status).toBe(409)
    expect((await stack.api(1, 'GET', '/api/app/access')).body).toEqual(now.body)
    const restored = await stack.api(1, 'PUT', '/api/app/access', { auditorIds: [9], isDepartmentHeadAccess: true })
    expect(restored.status).toBe(200)
  })
})

describe('the users page', () => {
  it('lists every user with their Telegram state, language and pending approvals', async () => {
    await stack.link(4)
    await stack.link(10)
    await setBlocked(stack.server.store, telegramIdOf(10), true)
    expect((await stack.api(1, 'POST', '/api/app/people/5/invitation')).body).toEqual({ invited: [5] })
    stack.b24!.portal.state.users.find((u) => u.ID === 12)!.ACTIVE = false
    const res = await stack.api(1, 'GET', '/api/app/people')
    expect(res.status).toBe(200)
    const byId = new Map(res.body.users.map((u: { id: number }) => [u.id, u]))
    expect(res.body.total).toBe(stack.b24!.portal.state.users.length)
    expect(byId.get(4)).toMatchObject({ telegramState: 'linked' })
    expect(byId.get(5)).toMatchObject({ telegramState: 'invited' })
    expect(byId.get(10)).toMatchObject({ telegramState: 'blocked' })
    expect(byId.get(12)).toMatchObject({ telegramState: 'deactivated' })
    expect(byId.get(8)).toMatchObject({ telegramState: 'not-linked', pendingCount: 0 })
    expect(byId.get(7)).toMatchObject({ pendingCount: 1, medianDecisionMs: null })
  })

  it('filters by state and department, and names a bad filter', async () => {
    const linked = await stack.api(1, 'GET', '/api/app/people?state=linked')
    expect(linked.body.users.map((u: { id: number }) => u.id)).toEqual([4])
    const finance = await stack.api(1, 'GET', '/api/app/people?departmentId=3')
    expect(finance.body.users.map((u: { id: number }) => u.id).sort()).toEqual([6, 7, 8])
    const bad = await stack.api(1, 'GET', '/api/app/people?state=sleeping')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body.error.details)).toContain('state')
    expect((await stack.api(3, 'GET', '/api/app/people')).status).toBe(403)
  })

  it('revokes a link once and sets a language', async () => {
    expect((await stack.api(3, 'DELETE', '/api/app/people/4/telegram')).status).toBe(403)
    expect((await stack.api(1, 'DELETE', '/api/app/people/4/telegram')).body).toEqual({ isRevoked: true })
    expect((await stack.api(1, 'DELETE', '/api/app/people/4/telegram')).body).toEqual({ isRevoked: false })
    const bad = await stack.api(1, 'PUT', '/api/app/people/8/language', { language: 'de' })
    expect(bad.status).toBe(400)
    expect((await stack.api(1, 'PUT', '/api/app/people/8/language', { language: 'en' })).status).toBe(200)
    const rows = (await stack.api(1, 'GET', '/api/app/people?departmentId=3')).body.users
    expect(rows.find((u: { id: number }) => u.id === 8)).toMatchObject({ language: 'en' })
    expect(rows.find((u: { id: number }) => u.id === 4)).toBeUndefined()
    const four = (await stack.api(1, 'GET', '/api/app/people?departmentId=2')).body.users
    expect(four.find((u: { id: number }) => u.id === 4)).toMatchObject({ telegramState: 'not-linked' })
  })
})

describe('personal notification settings', () => {
  const valid = {
    channels: { telegram: true, bitrix24: true },
    timeZone: 'UTC',
    quietHours: null,
    digest: { isEnabled: false, time: '09:00' },
    language: null,
  }

  it('names the bad field', async () => {
    const cases: [unknown, string][] = [
      [{ ...valid, channels: { telegram: false, bitrix24: false } }, 'bitrix24'],
      [{ ...valid, quietHours: { from: '25:00', to: '08:00' } }, 'from'],
      [{ ...valid, quietHours: { from: '08:00', to: '08:00' } }, 'to'],
      [{ ...valid, timeZone: 'Mars/Base' }, 'timeZone'],
    ]
    for (const [body, field] of cases) {
      const res = await stack.api(8, 'PUT', '/api/app/me/notifications', body)
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body.error.details)).toContain(field)
    }
    const read = await stack.api(8, 'GET', '/api/app/me/notifications')
    expect(read.body.notifications).toMatchObject({ quietHours: null, language: 'en' })
  })

  it('holds a card during quiet hours and sends it when they end', async () => {
    await stack.link(8)
    const now = clock.now()
    const quietHours = { from: hhmm(now - 3_600_000), to: hhmm(now + 3_600_000) }
    expect((await stack.api(8, 'PUT', '/api/app/me/notifications', { ...valid, quietHours })).status).toBe(200)
    const before = chatTexts(8).length
    await start(3, 8, 'Ночная заявка')
    expect(chatTexts(8).length).toBe(before)
    expect(await stack.server.store.queueSize(quietPingQueue)).toBe(1)
    await tick()
    expect(chatTexts(8).length).toBe(before)
    clock.advance(2 * 3_600_000)
    const report = await tick()
    expect(report.tick.people.quietPings).toMatchObject({ sent: 1 })
    expect(chatTexts(8).slice(before).join('\n')).toContain('Ночная заявка')
    await tick()
    expect(chatTexts(8).length).toBe(before + 1)
  })

  it('sends no Telegram card to someone who switched Telegram off', async () => {
    await stack.link(6)
    const off = { ...valid, channels: { telegram: false, bitrix24: true } }
    expect((await stack.api(6, 'PUT', '/api/app/me/notifications', off)).status).toBe(200)
    const before = chatTexts(6).length
    await start(3, 6, 'Без Телеграма')
    await tick()
    expect(chatTexts(6).length).toBe(before)
  })

  it('sends the daily digest at the chosen time, once', async () => {
    const digest = { isEnabled: true, time: hhmm(clock.now() + 5 * 60_000) }
    expect((await stack.api(8, 'PUT', '/api/app/me/notifications', { ...valid, digest })).status).toBe(200)
    const before = chatTexts(8).length
    await tick()
    expect(chatTexts(8).length).toBe(before)
    clock.advance(6 * 60_000)
    await tick()
    const texts = chatTexts(8).slice(before)
    expect(texts).toHaveLength(1)
    expect(texts[0]).toContain('Ночная заявка')
    clock.advance(60_000)
    await tick()
    expect(chatTexts(8).length).toBe(before + 1)
  })
})
