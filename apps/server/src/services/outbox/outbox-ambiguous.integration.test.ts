/**
 * Ambiguous transport errors are never retried blindly: when the portal ran a write-back `batch` and its answer
 * was lost (a 504 or 502 from the gateway, a dropped connection), neither the SDK nor the outbox sends it again
 * as it was; the next run looks the work up and creates nothing twice. One case per kind, with the sandbox's
 * after-execution faults. Reopening tasks for a new round (`tasks.task.renew`, which Bitrix24 refuses for a task no
 * longer completed) is looked up the same way (issue #16 item 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  approvalNotices,
  approvalTasks,
  manualClock,
  startApprovalHarness,
  type ApprovalHarness,
} from '../../test-support/approval-harness.ts'
import { outboxQueue } from './outbox-queue.ts'

const clock = manualClock()
let h: ApprovalHarness

beforeAll(async () => {
  h = await startApprovalHarness({ clock, bitrix24: { restrictionParams: { maxRetries: 3 } } })
  h.sandbox.setRateLimit(false)
  for (const user of [2, 3, 6]) expect((await h.api(user, 'GET', '/api/app/me')).status).toBe(200)
  expect((await h.api(3, 'GET', '/api/app/users')).status).toBe(200)
})
afterAll(() => h.close())

/** Runs the cron tick, 16 minutes apart, until the outbox is empty. */
async function settleOutbox() {
  for (let ticks = 0; (await h.server.store.queueSize(outboxQueue)) > 0 && ticks < 10; ticks += 1) {
    clock.advance(16 * 60_000)
    expect((await h.tick()).status).toBe(200)
    await h.drain()
  }
  expect(await h.server.store.queueSize(outboxQueue)).toBe(0)
}

describe.each([
  { kind: 'a 504 gateway timeout', status: 504, code: 'GATEWAY_TIMEOUT' },
  { kind: 'a 502 bad gateway', status: 502, code: 'BAD_GATEWAY' },
  { kind: 'a dropped connection (status 0)', status: 0, code: 'CONNECTION_RESET' },
])('a write-back batch that ran but whose answer was lost to $kind', ({ status, code }) => {
  it('is sent once, looked up on the next run, and creates every task once', async () => {
    const deal = { kind: 'deal', id: 7 }
    const before = h.sandbox.restLog().length
    // Every request but the subject's read fails after it ran, until the fault is lifted: the first is the
    // write-back batch.
    h.sandbox.failRandomly({ rate: 1, seed: 1, kinds: [{ when: 'after', status, code }], spare: ['crm.deal.get'] })
    const res = await h.api(3, 'POST', '/api/app/approvals', {
      title: `Потерянный ответ ${code}`,
      stages: [{ approverIds: [2, 6], rule: { kind: 'all' } }],
      subject: deal,
    })
    expect(res.status).toBe(201)
    const id = res.body.approval.id as string
    await h.drain()
    h.sandbox.failRandomly(false)
    const sent = h.sandbox
      .restLog()
      .slice(before)
      .filter((entry) => entry.method !== 'crm.deal.get')
    // The SDK did not repeat the request that may have run.
    expect(sent.map((entry) => [entry.method, entry.status])).toEqual([['batch', status]])
    expect(approvalTasks(h.sandbox, id)).toHaveLength(2)

    await settleOutbox()
    expect(
      approvalTasks(h.sandbox, id)
        .map((task) => task.RESPONSIBLE_ID)
        .sort(),
    ).toEqual([2, 6])
    expect(h.sandbox.timeline().filter((t) => t.COMMENT.includes(`approval%5D=${id}`))).toHaveLength(1)
    expect(
      approvalNotices(h.sandbox, id)
        .map((n) => n.USER_ID)
        .sort(),
    ).toEqual([2, 6])
  })
})

describe('a renewal whose answer was lost', () => {
  it('is looked up on the next run: each task reopened once, no refusal recorded', async () => {
    const stages = [{ approverIds: [2, 6], rule: { kind: 'all' } }]
    const res = await h.api(3, 'POST', '/api/app/approvals', { title: 'Потерянное возобновление', stages })
    const id = res.body.approval.id as string
    await h.drain()
    const back = await h.api(2, 'POST', `/api/app/approvals/${id}/decision`, { response: 'send-back', comment: 'Нет' })
    expect(back.status).toBe(200)
    await h.drain()
    const taskIds = approvalTasks(h.sandbox, id).map((t) => t.ID)
    expect(approvalTasks(h.sandbox, id).map((t) => t.STATUS)).toEqual([5, 5])

    const before = h.sandbox.restLog().length
    h.sandbox.failRandomly({ rate: 1, seed: 1, kinds: [{ when: 'after', status: 504, code: 'GATEWAY_TIMEOUT' }] })
    expect((await h.api(3, 'POST', `/api/app/approvals/${id}/resubmit`, { changes: {} })).status).toBe(200)
    await h.drain()
    h.sandbox.failRandomly(false)
    expect(
      h.sandbox
        .restLog()
        .slice(before)
        .map((e) => [e.method, e.status]),
    ).toEqual([['batch', 504]])
    // The portal ran it: both tasks are open again, although the app never heard so.
    expect(approvalTasks(h.sandbox, id).map((t) => t.STATUS)).toEqual([2, 2])

    await settleOutbox()
    expect(approvalTasks(h.sandbox, id).map((t) => [t.ID, t.STATUS])).toEqual(taskIds.map((taskId) => [taskId, 2]))
    const renewals = h.sandbox
      .restLog()
      .slice(before)
      .filter((e) => e.method === 'tasks.task.renew')
    expect(renewals).toHaveLength(0) // only the batch carried them, once
    const page = (await h.api(3, 'GET', `/api/app/approvals/${id}`)).body
    expect(page.writeBackProblems).toEqual([])
    // Answering in the new round completes the reopened task.
    expect((await h.api(6, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })).status).toBe(200)
    await h.drain()
    expect(approvalTasks(h.sandbox, id).find((t) => t.RESPONSIBLE_ID === 6)!.STATUS).toBe(5)
  })
})
