/**
 * Telegram under load: 100 linked approvers get cards at once — two approvals started together, each one
 * stage of 50 distinct approvers (the most a stage holds) — while the Telegram sandbox allows only 20 messages
 * per second overall. Every card is delivered exactly once, every 429's `retry_after` is honoured (nothing is sent
 * while it lasts; the outbox retries what the pacer gave up on), and every card ends with its approval's outcome.
 * The portal users beyond the sandbox seed are created through the portal's own `user.add`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restCall } from '../../../sandbox/src/test-support/rest-call.ts'
import type { ApiCallRecord, TgUser } from '../../../sandbox/src/telegram/index.ts'
import { seedTelegramUsers } from '../../../sandbox/src/telegram/seed-users.ts'
import { systemClock } from '../ports/clock.ts'
import { issueLinkCode } from '../services/telegram/link-codes.ts'
import { startTelegramStack, type TelegramStack, telegramIdOf as tg } from '../test-support/telegram-stack.ts'

const INITIATOR = 3
const seedApprovers = [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]
/** The ids `user.add` gives the 89 people added after the 12 seed users (checked in `beforeAll`). */
const addedIds = Array.from({ length: 89 }, (_, i) => 13 + i)
const approverIds = [...seedApprovers, ...addedIds]
const addedTelegramUsers: TgUser[] = addedIds.map((id) => ({
  id: tg(id),
  is_bot: false,
  first_name: `Тест${id}`,
  language_code: 'ru',
}))
const approvals = [
  { title: 'Массовое согласование А', approverIds: approverIds.slice(0, 50), button: '✅ Согласовать' },
  { title: 'Массовое согласование Б', approverIds: approverIds.slice(50), button: '❌ Отклонить' },
] as const
/** The outcome line of a closed card, in the approver's language (some seed people use English). */
const outcomeMark = {
  'Массовое согласование А': /✅ (Согласовано|Approved)/,
  'Массовое согласование Б': /❌ (Отклонено|Rejected)/,
}
let stack: TelegramStack

/** Adds the people beyond the seed as the portal admin, with `user.add` in `batch` calls of 50. */
async function addPortalUsers(): Promise<number[]> {
  const token = stack.b24!.issueTokens(1).access_token
  const ids: number[] = []
  for (let from = 0; from < addedIds.length; from += 50) {
    const cmd = Object.fromEntries(
      addedIds.slice(from, from + 50).map((id) => {
        const fields = new URLSearchParams({
          EMAIL: `u${id}@romashka.example`,
          NAME: `Тест${id}`,
          LAST_NAME: 'Согласующий',
        })
        return [`u${id}`, `user.add?${fields.toString()}`]
      }),
    )
    const answer = await restCall(stack.b24!.restUrl, token, 'batch', { halt: 1, cmd })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    ids.push(...Object.values((answer.body['result'] as { result: Record<string, number> }).result))
  }
  return ids
}

beforeAll(async () => {
  stack = await startTelegramStack({
    withBitrix24: true,
    telegramUsers: [...seedTelegramUsers(), ...addedTelegramUsers],
  })
  expect(await addPortalUsers()).toEqual(addedIds)
  await stack.b24!.flushEvents()
  await stack.server.drain()
  for (const userId of [INITIATOR, ...approverIds]) {
    const claim = { memberId: stack.b24!.memberId, portalDomain: stack.b24!.domain, userId, userName: `#${userId}` }
    const { code } = await issueLinkCode({ store: stack.server.store, clock: systemClock }, claim)
    await stack.act(() => stack.telegram.user(tg(userId)).send(`/start ${code}`))
  }
}, 90_000)
afterAll(async () => {
  await stack.close()
})

const cardsIn = (userId: number, title: string) =>
  stack.telegram
    .chat(tg(userId))
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

/** Sends and edits that reached the sandbox inside a 429's `retry_after` (after a 300 ms grace for calls in flight). */
function callsDuringRetryAfter(calls: ApiCallRecord[]): ApiCallRecord[] {
  const limited = calls.filter((c) => c.error_code === 429)
  return limited.flatMap((l) => {
    const retryAfterMs = Number(/retry after (\d+)/.exec(l.description ?? '')?.[1] ?? 0) * 1_000
    return calls.filter((c) => c !== l && c.at > l.at + 300 && c.at < l.at + retryAfterMs - 50)
  })
}

describe('100 approvers at once: two approvals, each one stage of 50', () => {
  it('delivers every card once despite 429s, honours retry_after, and every card ends with its outcome', async () => {
    const started = Date.now()
    const since = stack.telegram.calls().length
    stack.telegram.knobs.setLimits({ globalPerSecond: 20, globalBurst: 20 })
    const created = await Promise.all(
      approvals.map((a) =>
        stack.api(INITIATOR, 'POST', '/api/app/approvals', {
          title: a.title,
          stages: [{ approverIds: a.approverIds, rule: { kind: 'any' } }],
        }),
      ),
    )
    expect(created.map((res) => res.status)).toEqual([201, 201])
    const ids = created.map((res) => res.body.approval.id as string)
    const everyCardOnce = () => approvals.every((a) => a.approverIds.every((u) => cardsIn(u, a.title).length === 1))
    await tickUntil(everyCardOnce, 40_000)
    for (const a of approvals)
      expect(a.approverIds.map((u) => cardsIn(u, a.title).length)).toEqual(a.approverIds.map(() => 1))
    const delivered = Date.now() - started

    for (const a of approvals) {
      const presser = a.approverIds[0]!
      await stack.act(() => stack.telegram.user(tg(presser)).press(cardsIn(presser, a.title)[0]!.message, a.button))
    }
    const statuses = await Promise.all(
      ids.map(async (id) => (await stack.api(INITIATOR, 'GET', `/api/app/approvals/${id}`)).body.approval.status),
    )
    expect(statuses).toEqual(['approved', 'rejected'])
    const isClosed = (u: number, title: keyof typeof outcomeMark) => {
      const current = stack.telegram
        .chat(tg(u))
        .messages()
        .find((m) => m.message_id === cardsIn(u, title)[0]!.message.message_id)
      return (
        outcomeMark[title].test(current?.text ?? '') &&
        (current?.reply_markup?.inline_keyboard.flat() ?? []).length === 0
      )
    }
    const allClosed = () => approvals.every((a) => a.approverIds.every((u) => isClosed(u, a.title)))
    await tickUntil(allClosed, 40_000)
    for (const a of approvals) expect(a.approverIds.filter((u) => !isClosed(u, a.title))).toEqual([])
    for (const a of approvals)
      expect(a.approverIds.map((u) => cardsIn(u, a.title).length)).toEqual(a.approverIds.map(() => 1))

    const paced = stack.telegram
      .calls()
      .slice(since)
      .filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText')
    const limited = paced.filter((c) => c.error_code === 429)
    expect(limited.length).toBeGreaterThan(0)
    expect(callsDuringRetryAfter(paced)).toEqual([])
    expect(stack.telegram.unansweredCallbacks()).toEqual([])
    console.info(
      `100 approvers: cards delivered in ${delivered} ms, all closed after ${Date.now() - started} ms; ` +
        `${paced.length} sends and edits, ${limited.length} answered 429`,
    )
  }, 120_000)
})
