/**
 * "Approve all N" under `/pending` (issue 21) through both sandboxes: the offer asks for confirmation, the
 * confirmation approves each approval on its own (one that needs a comment stays for its card), the buttons go
 * once it is done, and "Cancel" decides nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TgMessage } from '../../../sandbox/src/telegram/index.ts'
import { startTelegramStack, type TelegramStack, telegramIdOf as tg } from '../test-support/telegram-stack.ts'

const MARIA = 3
const IVAN = 2
let stack: TelegramStack

beforeAll(async () => {
  stack = await startTelegramStack({ withBitrix24: true })
  await stack.link(IVAN)
})
afterAll(async () => {
  await stack.close()
})

async function start(title: string, commentPolicy = 'optional') {
  const stages = [{ approverIds: [IVAN], rule: { kind: 'all' } }]
  const res = await stack.api(MARIA, 'POST', '/api/app/approvals', { title, stages, commentPolicy })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.approval.id as string
}
const status = async (id: string) => (await stack.api(MARIA, 'GET', `/api/app/approvals/${id}`)).body.approval
const ivan = () => stack.telegram.user(tg(IVAN))
const lastBot = (): TgMessage =>
  stack.telegram
    .chat(tg(IVAN))
    .messages()
    .filter((m) => m.from?.is_bot)
    .at(-1)!
const press = (message: TgMessage, button: string) => stack.act(() => ivan().press(message, button))
const messageNow = (id: number) =>
  stack.telegram
    .chat(tg(IVAN))
    .messages()
    .find((m) => m.message_id === id)!

describe('approve all from /pending', () => {
  it('confirms, then approves each on its own and leaves the one needing a comment', async () => {
    const ids = [await start('Счёт 1'), await start('Счёт 2'), await start('Счёт 3', 'always')]
    await stack.act(() => ivan().send('/pending'))
    const offer = lastBot()
    expect(offer.text).toContain('3')
    expect(offer.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(['✅ Согласовать все (3)'])
    for (const id of ids) expect((await status(id)).status).toBe('pending')

    await press(offer, '✅ Согласовать все (3)')
    const confirming = messageNow(offer.message_id)
    expect(confirming.text).toContain('Согласовать все заявки (3)?')
    for (const id of ids) expect((await status(id)).status).toBe('pending')

    await press(confirming, 'Да, согласовать (3)')
    const done = messageNow(offer.message_id)
    expect(done.text).toContain('Согласовано: 2')
    expect(done.text).toContain('Осталось в карточках: 1')
    expect(done.reply_markup?.inline_keyboard.flat() ?? []).toEqual([])
    const [a, b, c] = await Promise.all(ids.map(status))
    for (const one of [a, b]) {
      expect(one.status).toBe('approved')
      const answers = one.audit.filter((e: { action: string }) => e.action === 'approve')
      expect(answers).toEqual([expect.objectContaining({ actorId: IVAN, channel: 'telegram' })])
    }
    expect(c.status).toBe('pending')
  })

  it('decides nothing after Cancel', async () => {
    const ids = [await start('Акт 1'), await start('Акт 2')]
    await stack.act(() => ivan().send('/pending'))
    const offer = lastBot()
    expect(offer.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(['✅ Согласовать все (3)'])
    await press(offer, '✅ Согласовать все (3)')
    await press(messageNow(offer.message_id), 'Отмена')
    expect(messageNow(offer.message_id).text).toContain('отменено')
    for (const id of ids) expect((await status(id)).status).toBe('pending')
  })
})
