/**
 * Telegram and Bitrix24 sandboxes together (issue #17 items 3 and 6): a Send back press asks for the reason and
 * /cancel aborts it; the reason reaches the initiator in Telegram and in Bitrix24; every message carrying the
 * approval's buttons (the card, a reminder, a `/pending` answer) is edited when the approval changes, and loses
 * its buttons once its approver can no longer act.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TgMessage } from '../../../sandbox/src/telegram/index.ts'
import { startTelegramStack, type TelegramStack, telegramIdOf as tg } from '../test-support/telegram-stack.ts'

const MARIA = 3
const IVAN = 2
const DMITRY = 6
let stack: TelegramStack

beforeAll(async () => {
  stack = await startTelegramStack({ withBitrix24: true })
  for (const userId of [MARIA, IVAN, DMITRY]) await stack.link(userId)
})
afterAll(async () => {
  await stack.close()
})

async function start(title: string) {
  const stages = [{ approverIds: [IVAN, DMITRY], rule: { kind: 'all' } }]
  const res = await stack.api(MARIA, 'POST', '/api/app/approvals', { title, stages })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  await stack.server.drain()
  return res.body.approval.id as string
}

const buttons = (m: TgMessage) => m.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? []
const lastBot = (userId: number) =>
  stack.telegram
    .chat(tg(userId))
    .messages()
    .filter((m) => m.from?.is_bot)
    .at(-1)!
const act = <T>(run: () => Promise<T>) => stack.act(run)

describe('send back from Telegram', () => {
  it('asks for the reason, /cancel aborts, and the reason reaches the initiator in Telegram and Bitrix24', async () => {
    const id = await start('Закупка стульев')
    const card = lastBot(IVAN)
    await act(() => stack.telegram.user(tg(IVAN)).press(card, '↩️ На доработку'))
    expect(lastBot(IVAN).text).toContain('Что нужно доработать в «Закупка стульев»?')
    await act(() => stack.telegram.user(tg(IVAN)).send('/cancel'))
    expect((await stack.api(MARIA, 'GET', `/api/app/approvals/${id}`)).body.approval.status).toBe('pending')

    await act(() => stack.telegram.user(tg(IVAN)).press(card, '↩️ На доработку'))
    await act(() => stack.telegram.user(tg(IVAN)).send('Приложите смету'))
    await stack.server.drain()
    const approval = (await stack.api(MARIA, 'GET', `/api/app/approvals/${id}`)).body.approval
    expect(approval.status).toBe('returned')
    const toMaria = stack.telegram
      .chat(tg(MARIA))
      .messages()
      .filter((m) => m.from?.is_bot && m.text?.includes('Закупка стульев'))
      .at(-1)!
    expect(toMaria.text).toContain('Приложите смету')
    const notice = stack.b24!.notifications().filter((n) => n.USER_ID === MARIA && n.MESSAGE.includes(id))
    expect(notice.at(-1)!.MESSAGE).toContain('«Приложите смету»')
  })
})

describe('every copy of a card', () => {
  it('is edited when the approval changes, and loses its buttons for whoever can no longer act', async () => {
    const id = await start('Закупка шкафов')
    expect((await stack.api(MARIA, 'POST', `/api/app/approvals/${id}/remind`)).status).toBe(200)
    await stack.server.drain()
    await act(() => stack.telegram.user(tg(DMITRY)).send('/pending'))
    const withButtons = (userId: number) =>
      stack.telegram
        .chat(tg(userId))
        .messages()
        .filter((m) => m.from?.is_bot && m.text?.includes('Закупка шкафов') && buttons(m).length > 0)
    // Dmitry: the card, the reminder and the /pending answer; Ivan: the card and the reminder.
    expect(withButtons(DMITRY)).toHaveLength(3)
    expect(withButtons(IVAN)).toHaveLength(2)
    const dmitrysCopies = withButtons(DMITRY).map((m) => m.message_id)

    await act(() => stack.telegram.user(tg(IVAN)).press(withButtons(IVAN)[0]!, '✅ Согласовать'))
    await stack.server.drain()
    // Ivan answered: none of his copies keeps a button; Dmitry's copies all show Ivan's answer and keep theirs.
    expect(withButtons(IVAN)).toHaveLength(0)
    const dmitrys = stack.telegram
      .chat(tg(DMITRY))
      .messages()
      .filter((m) => dmitrysCopies.includes(m.message_id))
    expect(dmitrys.every((m) => m.text?.includes('✅ Иван') && buttons(m).length > 0)).toBe(true)

    const cancel = await stack.api(MARIA, 'POST', `/api/app/approvals/${id}/cancel`, { reason: 'Не нужно' })
    expect(cancel.status).toBe(200)
    await stack.server.drain()
    expect(withButtons(DMITRY)).toHaveLength(0)
    const after = stack.telegram
      .chat(tg(DMITRY))
      .messages()
      .filter((m) => dmitrysCopies.includes(m.message_id))
    expect(after.every((m) => m.text?.includes('Отменено'))).toBe(true)
  })
})
