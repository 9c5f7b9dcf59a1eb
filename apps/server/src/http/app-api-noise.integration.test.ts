/**
 * Bounded noise through the SPA API against the Bitrix24 sandbox: a storm of "remind" presses reaches each
 * approver once, an approval has at most 100 places (a clear 400), and a create sent twice with one
 * `Idempotency-Key` makes one approval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approvalTasks, startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'

let h: ApprovalHarness
beforeAll(async () => {
  h = await startApprovalHarness()
})
afterAll(() => h.close())

const INITIATOR = 3
const draft = (title: string) => ({ title, stages: [{ approverIds: [2, 6], rule: { kind: 'all' } }] })

async function post(body: unknown, idempotencyKey?: string) {
  const headers: Record<string, string> = {
    authorization: `Bearer ${h.sandbox.issueTokens(INITIATOR).access_token}`,
    'x-b24-member-id': h.sandbox.memberId,
    'content-type': 'application/json',
    ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
  }
  const response = await h.server.app.request('/api/app/approvals', {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  })
  return { status: response.status, body: await response.json() }
}

describe('noise bounds', () => {
  it('reminds each approver once however often "remind" is pressed within the interval', async () => {
    const created = await h.api(INITIATOR, 'POST', '/api/app/approvals', draft('Напоминания'))
    expect(created.status).toBe(201)
    const id = created.body.approval.id as string
    await h.drain()
    const notices = (userId: number) =>
      h.sandbox.notifications().filter((n) => n.USER_ID === userId && n.MESSAGE.includes(`approval%5D=${id}`)).length
    const before = [notices(2), notices(6)]
    const presses = await Promise.all(
      Array.from({ length: 60 }, () => h.api(INITIATOR, 'POST', `/api/app/approvals/${id}/remind`)),
    )
    await h.drain()
    const statuses = presses.map((press) => press.status)
    expect(statuses.filter((status) => status === 200)).toHaveLength(1)
    expect(statuses.filter((status) => status === 409)).toHaveLength(59)
    expect(presses.find((press) => press.status === 409)!.body.error.code).toBe('REMINDED_RECENTLY')
    expect([notices(2) - before[0]!, notices(6) - before[1]!]).toEqual([1, 1])
  })

  it('refuses an approval with more than 100 approvers in all with a clear 400, creating nothing', async () => {
    const stage = (from: number) => ({
      approverIds: Array.from({ length: 40 }, (_, i) => from + i),
      rule: { kind: 'all' },
    })
    const tasksBefore = h.sandbox.tasks().length
    const res = await post({ title: 'Слишком много', stages: [stage(1000), stage(2000), stage(3000)] })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'stages', message: 'An approval holds at most 100 approvers in all its stages (120 given).' }],
    })
    expect(h.sandbox.tasks().length).toBe(tasksBefore)
  })

  it('makes one approval of a create sent ten times at once with one Idempotency-Key', async () => {
    const key = 'submission-7f3c2a'
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(draft('Двойной клик'), key)))
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(201))
    const ids = new Set(answers.map((answer) => answer.body.approval.id as string))
    expect(ids.size).toBe(1)
    await h.drain()
    const [id] = [...ids]
    expect(
      approvalTasks(h.sandbox, id!)
        .map((task) => task.RESPONSIBLE_ID)
        .sort(),
    ).toEqual([2, 6])
    const mine = await h.api(INITIATOR, 'GET', '/api/app/approvals?role=initiator&limit=100')
    expect(mine.body.items.filter((item: { title: string }) => item.title === 'Двойной клик')).toHaveLength(1)
    // The key with another request is refused; without a key every create is its own.
    const reused = await post(draft('Другое'), key)
    expect(reused.status).toBe(409)
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')
    const [first, second] = [await post(draft('Без ключа')), await post(draft('Без ключа'))]
    expect(first.body.approval.id).not.toBe(second.body.approval.id)
  })

  it('frees the key of a refused create, so a retry is judged again instead of waiting on it', async () => {
    const key = 'submission-retry'
    const refused = await post(
      { title: 'Сам себе', stages: [{ approverIds: [INITIATOR], rule: { kind: 'all' } }] },
      key,
    )
    expect(refused.status).toBe(400)
    const retried = await post(
      { title: 'Сам себе', stages: [{ approverIds: [INITIATOR], rule: { kind: 'all' } }] },
      key,
    )
    expect(retried.status).toBe(400)
    expect(retried.body.error.code).toBe('SELF_APPROVAL')
  })
})
