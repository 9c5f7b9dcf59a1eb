/**
 * Deciding in Telegram with both sandboxes: linked approvers get cards with signed buttons,
 * a press decides through the approval services, the Bitrix24 sandbox then holds the write-back, every card ends
 * with the outcome, the initiator is told; forged, foreign and repeated presses change nothing.
 */
import { Telegraf } from 'telegraf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TgMessage } from '../../../sandbox/src/telegram/index.ts'
import { createCallbackSigner } from '../adapters/telegram/callback-data.ts'
import { isSameSecret } from '../services/secret-compare.ts'
import { startTelegramStack, type TelegramStack, telegramIdOf as tg } from '../test-support/telegram-stack.ts'

const MARIA = 3
const IVAN = 2
const DMITRY = 6
const ALEXEY = 4
let stack: TelegramStack

beforeAll(async () => {
  stack = await startTelegramStack({ withBitrix24: true })
  // The card shows the deal as Bitrix24 holds it, markup characters included.
  Object.assign(stack.b24!.portal.state.deals[2]!, {
    TITLE: 'Поставка <оборудования> & сервис',
    OPPORTUNITY: '150000.00',
  })
  for (const userId of [MARIA, IVAN, DMITRY, ALEXEY]) await stack.link(userId)
})
afterAll(async () => {
  await stack.close()
})

// Only the kind and id count: the title and link sent along are not what approvers see.
const deal = { kind: 'deal', id: 3, title: 'Оплатите счёт', url: 'https://phish.example/pay' }

async function start(stages: unknown[], extra: Record<string, unknown> = {}) {
  const res = await stack.api(MARIA, 'POST', '/api/app/approvals', { title: 'Закупка ноутбуков', stages, ...extra })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.approval.id as string
}

const cardOf = (userId: number, approvalId: string): TgMessage => {
  const cards = stack.telegram
    .chat(tg(userId))
    .messages()
    .filter(
      (m) =>
        m.from?.is_bot && m.reply_markup?.inline_keyboard.flat().some((b) => b.callback_data?.includes(approvalId)),
    )
  return (
    cards.at(-1) ??
    stack.telegram
      .chat(tg(userId))
      .messages()
      .filter((m) => m.from?.is_bot)
      .at(-1)!
  )
}
const approval = async (id: string) => (await stack.api(MARIA, 'GET', `/api/app/approvals/${id}`)).body.approval
const press = (userId: number, message: TgMessage, button: string) =>
  stack.act(() => stack.telegram.user(tg(userId)).press(message, button))
const lastAnswer = () => stack.telegram.callbacks().at(-1)!.answer
const client = () => new Telegraf(stack.telegram.botToken, { telegram: { apiRoot: stack.telegram.apiRoot } }).telegram

describe('deciding with inline buttons', () => {
  it('delivers escaped cards with the answer buttons, and one press decides once', async () => {
    // Sixty days ahead at 09:00 UTC, 12:00 in Moscow (a deadline may be at most a year ahead).
    const due = new Date(Date.now() + 60 * 86_400_000)
    due.setUTCHours(9, 0, 0, 0)
    const deadline = { dueAt: due.toISOString(), action: 'mark-overdue' }
    const [yyyy, mm, dd] = due.toISOString().slice(0, 10).split('-')
    const id = await start([{ approverIds: [IVAN, DMITRY], rule: { kind: 'all' } }], { subject: deal, deadline })
    const card = cardOf(IVAN, id)
    expect(card.text).toContain('Закупка ноутбуков')
    expect(card.text).toContain('Сделка «Поставка <оборудования> & сервис»')
    expect(JSON.stringify(card)).not.toContain('phish.example')
    expect(card.text).not.toContain('Оплатите счёт')
    expect(card.text).toMatch(/150\s000,00\s₽/)
    expect(card.text).toContain(`Срок: ${dd}.${mm}.${yyyy}, 12:00 (Europe/Moscow)`)
    const buttons = card.reply_markup!.inline_keyboard.flat()
    expect(buttons.map((b) => b.text)).toEqual(['✅ Согласовать', '❌ Отклонить', '↩️ На доработку', '💬 Комментарий'])
    expect(buttons.every((b) => Buffer.byteLength(b.callback_data!) <= 64)).toBe(true)

    const { update } = await press(IVAN, card, '✅ Согласовать')
    await stack.act(() => Promise.all([1, 2, 3, 4, 5].map(() => stack.telegram.deliverAgain(update!.update_id))))
    const state = await approval(id)
    expect(state.status).toBe('pending')
    const seats = state.rounds[0].stages[0].seats
    expect(seats.find((s: { userId: number }) => s.userId === IVAN).response).toMatchObject({
      kind: 'approve',
      channel: 'telegram',
    })
    expect(state.audit.filter((a: { action: string }) => a.action === 'approve')).toHaveLength(1)
    expect(cardOf(IVAN, id).reply_markup?.inline_keyboard.flat() ?? []).toEqual([])
    expect(cardOf(DMITRY, id).text).toMatch(/Последний ответ: Иван Петров — согласовал/)
    expect(cardOf(DMITRY, id).text).toContain('Ответили 1 из 2: ✅ Иван Петров, ⏳ Дмитрий Лебедев')
    expect(cardOf(DMITRY, id).reply_markup!.inline_keyboard.flat()).toHaveLength(4)

    await press(DMITRY, cardOf(DMITRY, id), '✅ Согласовать')
    expect((await approval(id)).status).toBe('approved')
    const tasks = stack.b24!.tasks().filter((t) => t.DESCRIPTION.includes(`approval%5D=${id}`))
    expect(tasks.map((t) => t.STATUS)).toEqual([5, 5])
    expect(stack.b24!.comments().filter((c) => tasks.some((t) => t.ID === c.TASK_ID))).toHaveLength(2)
    expect(stack.b24!.timeline().filter((t) => t.COMMENT.includes(`approval%5D=${id}`))).toHaveLength(3)
    expect(stack.b24!.notifications().some((n) => n.USER_ID === MARIA && n.MESSAGE.includes(`approval%5D=${id}`))).toBe(
      true,
    )
    for (const userId of [IVAN, DMITRY]) {
      expect(cardOf(userId, id).text).toMatch(/✅ Согласовано/)
      expect(cardOf(userId, id).reply_markup?.inline_keyboard.flat() ?? []).toEqual([])
    }
    expect(stack.telegram.chat(tg(MARIA)).lastMessage()!.text).toMatch(/Ваш запрос закрыт[\s\S]*Согласовано/)
    expect(stack.telegram.unansweredCallbacks()).toEqual([])
  })

  it('refuses a tampered tag and a press by someone who is not the approver with an alert', async () => {
    const id = await start([{ approverIds: [IVAN], rule: { kind: 'all' } }])
    const data = cardOf(IVAN, id).reply_markup!.inline_keyboard[0]![0]!.callback_data!
    const tampered = data.slice(0, -1) + (data.endsWith('A') ? 'B' : 'A')
    for (const [userId, callbackData] of [
      [IVAN, tampered],
      [ALEXEY, data],
    ] as const) {
      const forged = await client().sendMessage(tg(userId), 'forwarded card', {
        reply_markup: { inline_keyboard: [[{ text: 'Approve', callback_data: callbackData }]] },
      })
      await press(userId, forged as unknown as TgMessage, 'Approve')
      expect(lastAnswer()).toMatchObject({ show_alert: true })
    }
    expect(stack.telegram.callbacks().at(-2)!.answer!.text).toMatch(/недействительна/)
    expect(lastAnswer()!.text).toMatch(/не согласующий/)
    expect((await approval(id)).rounds[0].stages[0].seats[0].response).toBeNull()
    expect(stack.telegram.unansweredCallbacks()).toEqual([])
  })

  it('asks for a required comment with force_reply and completes the rejection with the reply', async () => {
    const id = await start([{ approverIds: [IVAN], rule: { kind: 'all' } }], { commentPolicy: 'required-on-reject' })
    await press(IVAN, cardOf(IVAN, id), '❌ Отклонить')
    const prompt = stack.telegram.chat(tg(IVAN)).lastMessage()!
    expect(prompt.text).toMatch(/нужен комментарий/)
    expect(stack.telegram.chat(tg(IVAN)).history().at(-1)!.forceReply).toMatchObject({ force_reply: true })
    expect((await approval(id)).status).toBe('pending')
    await stack.act(() => stack.telegram.user(tg(IVAN)).reply(prompt, 'Слишком дорого <b>'))
    const state = await approval(id)
    expect(state.status).toBe('rejected')
    expect(state.rounds[0].stages[0].seats[0].response).toMatchObject({ kind: 'reject', comment: 'Слишком дорого <b>' })
    expect(stack.telegram.chat(tg(MARIA)).lastMessage()!.text).toMatch(/Слишком дорого <b>/)
  })

  it('/cancel aborts a comment; send back returns the approval', async () => {
    const id = await start([{ approverIds: [DMITRY], rule: { kind: 'all' } }], { commentPolicy: 'always' })
    await press(DMITRY, cardOf(DMITRY, id), '↩️ На доработку')
    await stack.act(() => stack.telegram.user(tg(DMITRY)).send('/cancel'))
    expect(stack.telegram.chat(tg(DMITRY)).lastMessage()!.text).toMatch(/Отменено/)
    await stack.act(() => stack.telegram.user(tg(DMITRY)).send('просто текст'))
    expect((await approval(id)).status).toBe('pending')
    await press(DMITRY, cardOf(DMITRY, id), '↩️ На доработку')
    await stack.act(() => stack.telegram.user(tg(DMITRY)).send('Нужна смета'))
    expect((await approval(id)).status).toBe('returned')
  })

  it('/pending lists exactly the open approvals where the user may answer now', async () => {
    const open = await start([{ approverIds: [ALEXEY], rule: { kind: 'all' } }])
    const closed = await start([{ approverIds: [ALEXEY], rule: { kind: 'all' } }])
    const later = await start([
      { approverIds: [IVAN], rule: { kind: 'all' } },
      { approverIds: [ALEXEY], rule: { kind: 'all' } },
    ])
    await press(ALEXEY, cardOf(ALEXEY, closed), '✅ Согласовать')
    const before = stack.telegram.chat(tg(ALEXEY)).messages().length
    await stack.act(() => stack.telegram.user(tg(ALEXEY)).send('/pending'))
    const replies = stack.telegram
      .chat(tg(ALEXEY))
      .messages()
      .slice(before + 1)
    expect(replies[0]!.text).toMatch(/открытых — 1/)
    const listed = replies.slice(1).map((m) => m.reply_markup!.inline_keyboard[0]![0]!.callback_data!)
    expect(listed).toHaveLength(1)
    expect(listed[0]).toContain(open)
    expect(listed.join()).not.toContain(later)
  })
})

describe('an approval that takes no send-back', () => {
  it('has no Send back button, and a stale Send back press gets an alert and changes nothing', async () => {
    const id = await start([{ approverIds: [IVAN, DMITRY], rule: { kind: 'all' } }], { isSendBackAllowed: false })
    const card = cardOf(IVAN, id)
    const buttons = card.reply_markup!.inline_keyboard.flat()
    expect(buttons.map((b) => b.text)).toEqual(['✅ Согласовать', '❌ Отклонить', '💬 Комментарий'])
    expect(buttons.some((b) => b.callback_data!.startsWith('c2.b.'))).toBe(false)

    // A Send back button signed with this deployment's key, as a card rendered before the option would carry.
    const signer = createCallbackSigner(stack.env.APP_SECRET!, isSameSecret)
    const data = signer.encode({
      action: 'send-back',
      memberId: stack.b24!.memberId,
      approvalId: id,
      round: 1,
      userId: IVAN,
    })
    const stale = await client().sendMessage(tg(IVAN), 'old card', {
      reply_markup: { inline_keyboard: [[{ text: '↩️ На доработку', callback_data: data }]] },
    })
    const before = await approval(id)
    const b24Before = [stack.b24!.tasks().length, stack.b24!.comments().length, stack.b24!.notifications().length]
    const sentBefore = stack.telegram.calls('sendMessage').length
    await press(IVAN, stale as unknown as TgMessage, '↩️ На доработку')
    expect(lastAnswer()).toMatchObject({ show_alert: true, text: expect.stringMatching(/нельзя вернуть на доработку/) })
    expect(await approval(id)).toEqual(before)
    expect([stack.b24!.tasks().length, stack.b24!.comments().length, stack.b24!.notifications().length]).toEqual(
      b24Before,
    )
    expect(stack.telegram.calls('sendMessage').length).toBe(sentBefore)
    expect(stack.telegram.unansweredCallbacks()).toEqual([])

    await press(IVAN, card, '✅ Согласовать')
    expect((await approval(id)).rounds[0].stages[0].seats[0].response).toMatchObject({ kind: 'approve' })
  })

  it('answers a button of an earlier round "this request has changed" and changes nothing', async () => {
    const id = await start([{ approverIds: [IVAN, DMITRY], rule: { kind: 'all' } }])
    const roundOne = cardOf(IVAN, id).reply_markup!.inline_keyboard.flat()
    const approveData = roundOne.find((b) => b.text === '✅ Согласовать')!.callback_data!
    await press(DMITRY, cardOf(DMITRY, id), '↩️ На доработку')
    // A send-back asks for its reason first (issue #17 item 3).
    await stack.act(() => stack.telegram.user(tg(DMITRY)).send('Нужна смета'))
    const resubmitted = await stack.api(MARIA, 'POST', `/api/app/approvals/${id}/resubmit`, { changes: {} })
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200)
    await stack.server.drain()
    const roundTwoCard = cardOf(IVAN, id)
    expect(roundTwoCard.reply_markup!.inline_keyboard.flat().map((b) => b.callback_data)).not.toContain(approveData)
    // The round-1 button, as a card that was never re-rendered (an edit lost, an old client) would still carry it.
    const stale = await client().sendMessage(tg(IVAN), 'round 1 card', {
      reply_markup: { inline_keyboard: [[{ text: 'Approve (round 1)', callback_data: approveData }]] },
    })
    const before = await approval(id)
    const b24Before = [stack.b24!.tasks().length, stack.b24!.comments().length, stack.b24!.notifications().length]
    await press(IVAN, stale as unknown as TgMessage, 'Approve (round 1)')
    expect(lastAnswer()).toMatchObject({ show_alert: true, text: expect.stringMatching(/изменился/) })
    expect(await approval(id)).toEqual(before)
    expect(before.rounds[1].stages[0].seats.map((seat: { response: unknown }) => seat.response)).toEqual([null, null])
    expect([stack.b24!.tasks().length, stack.b24!.comments().length, stack.b24!.notifications().length]).toEqual(
      b24Before,
    )
    // The round-2 card of the same approver works.
    await press(IVAN, roundTwoCard, '✅ Согласовать')
    expect((await approval(id)).rounds[1].stages[0].seats[0].response).toMatchObject({ kind: 'approve' })
  })
})
