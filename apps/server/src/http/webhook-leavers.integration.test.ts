/**
 * A leaver's places in stages that have not started (issue #19), in webhook mode through the sandboxes: the
 * administrator dismisses an approver of stages 2 and 3 while stage 1 runs; each later stage seats their head
 * when it starts, the leaver gets no task and no Telegram message, the initiator is told, and the history says
 * whose place it was. A user brought back is seated again, and a second dismissal is handled anew.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTelegramStack, telegramIdOf, type TelegramStack } from '../test-support/telegram-stack.ts'

const ADMIN = 1
const MANAGER = 3
/** Finance (department 3, head 6): the first stage's approver and the leaver. */
const FIRST = 7
const LEAVER = 8
const HEAD = 6
/** Sales (department 2). */
const OTHER = 5
let s: TelegramStack

/** The administrator changes a user in Bitrix24; the outgoing webhook delivers ONUSERUPDATE. */
async function updateUser(userId: number, fields: Record<string, unknown>) {
  await s.act(async () => {
    await s.b24!.callAsUser(ADMIN, 'user.update', { ID: userId, ...fields })
    await s.b24!.flushEvents()
    await s.server.drain()
  })
}
const approve = async (id: string, userId: number) =>
  expect((await s.api(userId, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })).status).toBe(200)
const approvalOf = async (id: string) => (await s.api(MANAGER, 'GET', `/api/app/approvals/${id}`)).body.approval
interface SeatDto {
  userId: number
  originalUserId: number
}
interface ApprovalView {
  rounds: { stages: { seats: SeatDto[] }[] }[]
}
const seatsOf = (approval: ApprovalView, stage: number) =>
  approval.rounds.at(-1)!.stages[stage]!.seats.map((seat) => [seat.userId, seat.originalUserId])
const tasksOf = (userId: number, title: string) =>
  s.b24!.tasks().filter((t) => t.RESPONSIBLE_ID === userId && t.TITLE.includes(title))

async function start(title: string) {
  const created = await s.api(MANAGER, 'POST', '/api/app/approvals', {
    title,
    stages: [
      { approverIds: [FIRST], rule: { kind: 'all' } },
      { approverIds: [LEAVER, OTHER], rule: { kind: 'all' } },
      { approverIds: [LEAVER], rule: { kind: 'all' } },
    ],
  })
  expect(created.status).toBe(201)
  return created.body.approval.id as string
}

beforeAll(async () => {
  s = await startTelegramStack({ webhookEvents: ['ONUSERUPDATE'] })
  for (const userId of [LEAVER, HEAD]) await s.link(userId)
})
afterAll(async () => {
  await s?.close()
})

describe('a leaver in later stages (webhook mode)', () => {
  it('seats the head in each later stage when it starts; the leaver is never asked', async () => {
    const id = await start('Закупка серверов')
    await updateUser(LEAVER, { ACTIVE: 'N' })
    // Stage 1 does not involve them: nothing changes yet, nobody is told.
    const before = await approvalOf(id)
    expect(before.audit).toHaveLength(1)
    expect(seatsOf(before, 1)).toEqual([
      [LEAVER, LEAVER],
      [OTHER, OTHER],
    ])
    // A repeated delivery of the same dismissal changes nothing either.
    await updateUser(LEAVER, { ACTIVE: 'N' })
    expect((await approvalOf(id)).audit).toHaveLength(1)

    await approve(id, FIRST)
    const second = await approvalOf(id)
    expect(seatsOf(second, 1)).toEqual([
      [HEAD, LEAVER],
      [OTHER, OTHER],
    ])
    expect(second.rounds.at(-1).stages[1].resolution.leavers).toEqual([{ userId: LEAVER, toUserId: HEAD }])
    const notices = s.b24!.notifications().filter((n) => n.USER_ID === MANAGER && n.MESSAGE.includes('Закупка'))
    expect(notices.some((n) => /уволен/.test(n.MESSAGE))).toBe(true)
    expect(tasksOf(HEAD, 'Закупка серверов')).toHaveLength(1)

    await approve(id, HEAD)
    await approve(id, OTHER)
    expect(seatsOf(await approvalOf(id), 2)).toEqual([[HEAD, LEAVER]])
    await approve(id, HEAD)
    expect((await approvalOf(id)).status).toBe('approved')

    expect(tasksOf(LEAVER, 'Закупка серверов')).toEqual([])
    expect(s.b24!.notifications().filter((n) => n.USER_ID === LEAVER)).toEqual([])
    const leaverChat = s.telegram.chat(telegramIdOf(LEAVER)).messages()
    expect(leaverChat.some((m) => m.text?.includes('Закупка серверов'))).toBe(false)
    const headChat = s.telegram.chat(telegramIdOf(HEAD)).messages()
    expect(headChat.filter((m) => m.text?.includes('Закупка серверов')).length).toBeGreaterThan(0)
  })

  it('seats a user brought back in Bitrix24 again', async () => {
    await updateUser(LEAVER, { ACTIVE: 'Y' })
    const id = await start('Аренда склада')
    await approve(id, FIRST)
    expect(seatsOf(await approvalOf(id), 1)).toEqual([
      [LEAVER, LEAVER],
      [OTHER, OTHER],
    ])
    expect(tasksOf(LEAVER, 'Аренда склада')).toHaveLength(1)
    // Dismissed again: handled anew, their open place in the running stage goes to the head.
    await updateUser(LEAVER, { ACTIVE: 'N' })
    expect(seatsOf(await approvalOf(id), 1)).toEqual([
      [HEAD, LEAVER],
      [OTHER, OTHER],
    ])
  })
})
