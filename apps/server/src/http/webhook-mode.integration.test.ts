/**
 * Webhook mode end to end (issue #19) through the Bitrix24 and Telegram sandboxes: the app's frame API works with
 * the portal's own tokens; Telegram ids come from a profile field and link only after the named account says
 * Yes (a forged one never links); a deal event from the outgoing webhook starts an approval by rule, and the
 * Telegram answer lands in Bitrix24; a deactivated approver is unlinked and their place goes to their head.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTelegramStack, telegramIdOf, type TelegramStack } from '../test-support/telegram-stack.ts'
import { findLinkByUser } from '../services/telegram/telegram-links.ts'

const ADMIN = 1
const MANAGER = 3
const APPROVER = 4
/** Head of the sales department (APPROVER's). */
const HEAD = 2
const FORGER = 5
let s: TelegramStack

const isLinked = async (userId: number) => (await s.api(userId, 'GET', '/api/app/telegram/link')).body.link.isLinked
/** The admin (or the person) edits a profile field in Bitrix24; the outgoing webhook delivers ONUSERUPDATE. */
async function editProfile(userId: number, fields: Record<string, unknown>) {
  await s.act(async () => {
    await s.b24!.callAsUser(ADMIN, 'user.update', { ID: userId, ...fields })
    await s.b24!.flushEvents()
    await s.server.drain()
  })
}
/** The approval tasks in Bitrix24 whose title names `title` (links in webhook mode point at the app itself). */
const tasksAbout = (title: string) => s.b24!.tasks().filter((t) => t.TITLE.includes(title))
const lastMessage = (telegramId: number) => s.telegram.chat(telegramId).lastMessage()

beforeAll(async () => {
  s = await startTelegramStack({ webhookEvents: ['ONCRMDEALADD', 'ONCRMDEALUPDATE', 'ONUSERADD', 'ONUSERUPDATE'] })
  await s.act(() => s.telegram.user(telegramIdOf(APPROVER)).send('/start'))
  await s.act(() => s.telegram.user(telegramIdOf(MANAGER)).send('/start'))
})
afterAll(async () => {
  await s?.close()
})

describe('webhook mode', () => {
  it('creates the Telegram id field in the profiles and chooses it (admins only)', async () => {
    expect((await s.api(MANAGER, 'POST', '/api/app/profiles/telegram-field')).status).toBe(403)
    const created = await s.api(ADMIN, 'POST', '/api/app/profiles/telegram-field')
    expect(created).toMatchObject({ status: 200, body: { fieldName: 'UF_USR_TELEGRAM_ID' } })
    expect(s.b24!.portal.state.userFields.map((f) => f.FIELD_NAME)).toContain('UF_USR_TELEGRAM_ID')
    const again = await s.api(ADMIN, 'POST', '/api/app/profiles/telegram-field')
    expect(again.body.fieldName).toBe('UF_USR_TELEGRAM_ID')
    const bad = await s.api(ADMIN, 'PUT', '/api/app/profiles/telegram-field', { fieldName: 'TELEGRAM; DROP' })
    expect(bad.status).toBe(400)
    expect((await s.api(ADMIN, 'GET', '/api/app/profiles/telegram-field')).body.fieldName).toBe('UF_USR_TELEGRAM_ID')
  })

  it('links a Telegram id typed into a profile only after that account answers Yes', async () => {
    await editProfile(APPROVER, { UF_USR_TELEGRAM_ID: String(telegramIdOf(APPROVER)) })
    expect(await isLinked(APPROVER)).toBe(false)
    const question = lastMessage(telegramIdOf(APPROVER))!
    expect(question.text).toContain('Алексей Соколов')
    await editProfile(APPROVER, { UF_USR_TELEGRAM_ID: String(telegramIdOf(APPROVER)), NAME: 'Алексей' })
    expect(
      s.telegram
        .chat(telegramIdOf(APPROVER))
        .messages()
        .filter((m) => m.text?.includes('❓')),
    ).toHaveLength(1)
    await s.act(() => s.telegram.user(telegramIdOf(APPROVER)).press(question.message_id, '✅ Да, это я'))
    expect(await isLinked(APPROVER)).toBe(true)
  })

  it('never links a forged id: the account it names is asked, and its No changes nothing', async () => {
    await editProfile(FORGER, { UF_USR_TELEGRAM_ID: String(telegramIdOf(MANAGER)) })
    const question = lastMessage(telegramIdOf(MANAGER))!
    await s.act(() => s.telegram.user(telegramIdOf(MANAGER)).press(question.message_id, '❌ Нет'))
    expect(await isLinked(FORGER)).toBe(false)
    await s.act(() => s.telegram.user(telegramIdOf(MANAGER)).press(question.message_id, '✅ Да, это я'))
    expect(await isLinked(FORGER)).toBe(false)
  })

  it('shows a malformed id to the admin on the users list and asks nobody', async () => {
    const before = s.telegram.calls('sendMessage').length
    await editProfile(MANAGER, { UF_USR_TELEGRAM_ID: 'not an id!' })
    expect(s.telegram.calls('sendMessage').length).toBe(before)
    const { body } = await s.api(ADMIN, 'GET', '/api/app/telegram/users')
    const row = body.users.find((u: { id: number }) => u.id === MANAGER)
    expect(row).toMatchObject({ isLinked: false, profile: { value: 'not an id!', status: 'malformed' } })
  })

  it('starts an approval by rule from the outgoing webhook, and the Telegram answer lands in Bitrix24', async () => {
    const template = await s.api(ADMIN, 'POST', '/api/app/templates', {
      name: 'Сделки',
      stages: [{ approverIds: [APPROVER], rule: { kind: 'all' } }],
    })
    const rule = await s.api(ADMIN, 'POST', '/api/app/automation/rules', {
      name: 'Каждая новая сделка',
      trigger: { event: 'deal-created' },
      action: { templateId: template.body.template.id, approvers: { kind: 'template' } },
    })
    expect(rule.status).toBe(201)
    await s.act(async () => {
      await s.b24!.callAsUser(MANAGER, 'crm.deal.add', { fields: { TITLE: 'Поставка через вебхук' } })
      await s.b24!.flushEvents()
      await s.server.drain()
    })
    const card = lastMessage(telegramIdOf(APPROVER))!
    expect(card.text).toContain('Поставка через вебхук')
    await s.act(() => s.telegram.user(telegramIdOf(APPROVER)).press(card.message_id, '✅ Согласовать'))
    await s.server.drain()
    const { body } = await s.api(ADMIN, 'GET', '/api/app/approvals?role=all')
    const approval = body.items.find((a: { title: string }) => a.title.includes('Поставка через вебхук'))
    expect(approval.status).toBe('approved')
    expect(tasksAbout('Поставка через вебхук').map((t) => [t.RESPONSIBLE_ID, t.STATUS])).toEqual([[APPROVER, 5]])
  })

  it('unlinks a deactivated approver and hands their pending place to their head', async () => {
    const created = await s.api(MANAGER, 'POST', '/api/app/approvals', {
      title: 'Отпуск',
      stages: [{ approverIds: [APPROVER], rule: { kind: 'all' } }],
    })
    expect(created.status).toBe(201)
    const id = created.body.approval.id as string
    await editProfile(APPROVER, { ACTIVE: 'N' })
    expect(await findLinkByUser(s.server.store, s.b24!.memberId, APPROVER)).toBeNull()
    const after = await s.api(MANAGER, 'GET', `/api/app/approvals/${id}`)
    const seats = after.body.approval.rounds.at(-1).stages[0].seats as { userId: number; originalUserId: number }[]
    expect(seats).toEqual([expect.objectContaining({ userId: HEAD, originalUserId: APPROVER })])
    expect(after.body.approval.audit.at(-1)).toMatchObject({ action: 'escalate', actorId: null, actingFor: APPROVER })
    const notices = s.b24!.notifications().filter((n) => n.USER_ID === MANAGER && n.MESSAGE.includes('Отпуск'))
    expect(notices.at(-1)?.MESSAGE).toMatch(/уволен/)
    expect(tasksAbout('Отпуск').map((t) => [t.RESPONSIBLE_ID, t.STATUS])).toEqual([
      [APPROVER, 5],
      [HEAD, 2],
    ])
    await editProfile(APPROVER, { ACTIVE: 'N', NAME: 'Алексей' })
    expect((await s.api(MANAGER, 'GET', `/api/app/approvals/${id}`)).body.approval.audit).toHaveLength(
      after.body.approval.audit.length,
    )
  })

  it('reads profiles by the cron tick when an outgoing-webhook delivery was lost', async () => {
    const person = 7
    await s.act(() => s.telegram.user(telegramIdOf(person)).send('/start'))
    s.b24!.loseNextDeliveries('ONUSERUPDATE')
    await editProfile(person, { UF_USR_TELEGRAM_ID: String(telegramIdOf(person)) })
    expect(lastMessage(telegramIdOf(person))?.text).not.toContain('❓')
    const tick = await s.act(async () => s.server.app.request('/api/cron/tick', { method: 'POST' }))
    expect(tick.status).toBe(200)
    expect((await tick.json()).tick.profilesRead).toBeGreaterThan(0)
    const question = lastMessage(telegramIdOf(person))!
    expect(question.text).toContain('❓')
    await s.act(() => s.telegram.user(telegramIdOf(person)).press(question.message_id, '✅ Да, это я'))
    expect(await isLinked(person)).toBe(true)
  })
})
