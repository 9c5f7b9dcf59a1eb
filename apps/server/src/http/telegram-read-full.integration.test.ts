/**
 * "Read in full" with both sandboxes (issue #17 item 2): a 4,000-character description is cut on the card, the
 * approver presses "Read in full" and gets the whole text in Telegram; a closed approval refuses the button.
 */
import { Telegraf } from 'telegraf'
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

const botMessages = (userId: number): TgMessage[] =>
  stack.telegram
    .chat(tg(userId))
    .messages()
    .filter((m) => m.from?.is_bot)
const cardOf = (userId: number, approvalId: string): TgMessage =>
  botMessages(userId)
    .filter((m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.callback_data?.includes(approvalId)))
    .at(-1)!
const press = (userId: number, message: TgMessage, button: string) =>
  stack.act(() => stack.telegram.user(tg(userId)).press(message, button))

describe('reading a long description in Telegram', () => {
  it('sends the whole 4,000-character description after "Read in full", and refuses it once closed', async () => {
    const description = `${'Строка сметы <№> & итог\n'.repeat(200)}`.slice(0, 3_995) + 'КОНЕЦ'
    expect(description).toHaveLength(4_000)
    const stages = [{ approverIds: [IVAN, DMITRY], rule: { kind: 'any' } }]
    const res = await stack.api(MARIA, 'POST', '/api/app/approvals', { title: 'Смета', description, stages })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = res.body.approval.id as string
    const card = cardOf(IVAN, id)
    expect(card.text).not.toContain('КОНЕЦ')
    const readFull = card.reply_markup!.inline_keyboard.flat().find((b) => b.text === '📖 Читать полностью')
    expect(readFull?.callback_data).toBeDefined()

    const before = botMessages(IVAN).length
    await press(IVAN, card, '📖 Читать полностью')
    expect(stack.telegram.callbacks().at(-1)!.answer).toBeDefined()
    const sent = botMessages(IVAN).slice(before)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.text).toContain('Полное описание «Смета»')
    expect(sent[0]!.text).toContain(description)
    expect(sent[0]!.text!.length).toBeLessThanOrEqual(4_096)

    await press(DMITRY, cardOf(DMITRY, id), '✅ Согласовать')
    expect(cardOf(IVAN, id)).toBeUndefined()
    // The closed card lost its buttons; an old copy of the button (same signed data) gets the stale alert.
    const client = new Telegraf(stack.telegram.botToken, { telegram: { apiRoot: stack.telegram.apiRoot } }).telegram
    const old = await client.sendMessage(tg(IVAN), 'old card', {
      reply_markup: { inline_keyboard: [[{ text: '📖 Читать полностью', callback_data: readFull!.callback_data! }]] },
    })
    const sentBefore = stack.telegram.calls('sendMessage').length
    await press(IVAN, old as unknown as TgMessage, '📖 Читать полностью')
    expect(stack.telegram.callbacks().at(-1)!.answer).toMatchObject({ show_alert: true })
    expect(stack.telegram.calls('sendMessage').length).toBe(sentBefore)
    expect(stack.telegram.unansweredCallbacks()).toEqual([])
  })
})
