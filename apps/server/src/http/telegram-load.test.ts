/**
 * Issue 8 acceptance under load: a stage of 50 linked approvers (the domain's maximum per stage) while the
 * Telegram sandbox allows only 10 messages per second overall: every card is delivered exactly once, the 429s'
 * `retry_after` is honoured (the outbox retries what the pacer gave up on), and every card ends with the outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TgUser } from '../../../sandbox/src/telegram/index.ts'
import { seedTelegramUsers } from '../../../sandbox/src/telegram/seed-users.ts'
import { systemClock } from '../ports/clock.ts'
import { issueLinkCode } from '../services/telegram/link-codes.ts'
import { startTelegramStack, type TelegramStack } from '../services/telegram/telegram-sandbox.fixture.ts'

const INITIATOR = 3
const extraIds = Array.from({ length: 39 }, (_, i) => 13 + i)
const extraTelegramUsers: TgUser[] = extraIds.map((id) => ({
  id: 700_000_000 + id,
  is_bot: false,
  first_name: `Тест${id}`,
  language_code: 'ru',
}))
const approverIds = [...[1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12], ...extraIds]
let stack: TelegramStack

beforeAll(async () => {
  stack = await startTelegramStack({
    withBitrix24: true,
    telegramUsers: [...seedTelegramUsers(), ...extraTelegramUsers],
  })
  const users = stack.b24!.portal.state.users
  for (const id of extraIds) {
    users.push({
      ...users[1]!,
      ID: id,
      NAME: `Тест${id}`,
      LAST_NAME: 'Согласующий',
      EMAIL: `u${id}@x.example`,
      IS_ADMIN: false,
    })
  }
  for (const userId of [INITIATOR, ...approverIds]) {
    const claim = { memberId: stack.b24!.memberId, portalDomain: stack.b24!.domain, userId, userName: `#${userId}` }
    const { code } = await issueLinkCode({ store: stack.server.store, clock: systemClock }, claim)
    await stack.act(() => stack.telegram.user(700_000_000 + userId).send(`/start ${code}`))
  }
}, 60_000)
afterAll(async () => {
  await stack.close()
})

const title = 'Массовое согласование'
const cardsIn = (userId: number) =>
  stack.telegram
    .chat(700_000_000 + userId)
    .history()
    .filter((r) => r.sender === 'bot' && r.message.text?.startsWith(title))

async function tickUntil(isDone: () => boolean, limitMs: number) {
  const until = Date.now() + limitMs
  while (!isDone() && Date.now() < until) {
    await stack.server.app.request('/api/cron/tick', { method: 'POST' })
    await stack.server.drain()
    if (!isDone()) await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

describe('a stage of 50 approvers', () => {
  it('delivers every card once despite 429s, and every card ends with the outcome', async () => {
    expect(approverIds).toHaveLength(50)
    stack.telegram.knobs.setLimits({ globalPerSecond: 10, globalBurst: 10 })
    const res = await stack.api(INITIATOR, 'POST', '/api/app/approvals', {
      title,
      stages: [{ approverIds, rule: { kind: 'any' } }],
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = res.body.approval.id as string
    await tickUntil(() => approverIds.every((u) => cardsIn(u).length === 1), 30_000)
    expect(approverIds.map((u) => cardsIn(u).length)).toEqual(approverIds.map(() => 1))
    expect(stack.telegram.calls('sendMessage').some((c) => c.error_code === 429)).toBe(true)

    const card = cardsIn(2)[0]!.message
    await stack.act(() => stack.telegram.user(700_000_002).press(card, '✅ Согласовать'))
    expect((await stack.api(INITIATOR, 'GET', `/api/app/approvals/${id}`)).body.approval.status).toBe('approved')
    const isClosed = (u: number) => {
      const current = stack.telegram
        .chat(700_000_000 + u)
        .messages()
        .find((m) => m.message_id === cardsIn(u)[0]!.message.message_id)
      return (
        /✅ (Согласовано|Approved)/.test(current?.text ?? '') &&
        (current?.reply_markup?.inline_keyboard.flat() ?? []).length === 0
      )
    }
    await tickUntil(() => approverIds.every(isClosed), 30_000)
    expect(approverIds.filter((u) => !isClosed(u))).toEqual([])
    expect(approverIds.map((u) => cardsIn(u).length)).toEqual(approverIds.map(() => 1))
    expect(stack.telegram.unansweredCallbacks()).toEqual([])
  }, 90_000)
})
