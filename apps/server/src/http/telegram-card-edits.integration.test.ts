/**
 * Coalesced card edits (issue #22): two answers to one approval given within a moment (the second arrives while
 * the first one's write-back is still in Bitrix24) produce one edit per Telegram card, not one per answer; and
 * the write-back of both answers is in Bitrix24 before the cards are edited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approvalTasks } from '../test-support/approval-harness.ts'
import { startTelegramStack, type TelegramStack, telegramIdOf as tg } from '../test-support/telegram-stack.ts'

const MARIA = 3
const approvers = [2, 6, 7]
let stack: TelegramStack

beforeAll(async () => {
  stack = await startTelegramStack({ withBitrix24: true })
  for (const userId of [MARIA, ...approvers]) await stack.link(userId)
})
afterAll(async () => {
  await stack.close()
})

/** Answers as `userId` with a token the app already checked (so the answer makes no portal call of its own). */
async function answerer(userId: number, approvalId: string) {
  const token = stack.b24!.issueTokens(userId).access_token
  const headers = { authorization: `Bearer ${token}`, 'x-b24-member-id': stack.b24!.memberId }
  expect((await stack.server.app.request('/api/app/me', { headers })).status).toBe(200)
  return async () => {
    const init = { method: 'POST', headers: { ...headers, 'content-type': 'application/json' } }
    const body = JSON.stringify({ response: 'approve' })
    return (await stack.server.app.request(`/api/app/approvals/${approvalId}/decision`, { ...init, body })).status
  }
}

const cardOf = (userId: number, title: string) =>
  stack.telegram
    .chat(tg(userId))
    .history()
    .find((r) => r.sender === 'bot' && r.message.text?.startsWith(title))!

describe('card edits of answers given within a moment', () => {
  it('edits each card once for two answers, after both are written back', async () => {
    const title = 'Две подписи сразу'
    const stages = [{ approverIds: approvers, rule: { kind: 'all' } }]
    const res = await stack.api(MARIA, 'POST', '/api/app/approvals', { title, stages })
    expect(res.status).toBe(201)
    await stack.server.drain()
    const id = res.body.approval.id as string
    const versionsBefore = approvers.map((u) => cardOf(u, title).versions.length)
    const [ivan, dmitry] = [await answerer(2, id), await answerer(6, id)]
    await stack.server.drain()
    // The first answer's write-back takes a while in Bitrix24; the second answer comes in meanwhile.
    stack.b24!.delayNext('batch', 400)
    expect(await ivan()).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await dmitry()).toBe(200)
    await stack.server.drain()
    const edits = approvers.map((u, i) => cardOf(u, title).versions.length - versionsBefore[i]!)
    expect(edits).toEqual([1, 1, 1])
    const tasks = approvalTasks(stack.b24!, id)
    expect(
      tasks
        .filter((t) => t.STATUS === 5)
        .map((t) => t.RESPONSIBLE_ID)
        .sort(),
    ).toEqual([2, 6])
  })
})
