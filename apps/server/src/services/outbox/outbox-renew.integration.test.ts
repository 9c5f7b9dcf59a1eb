/**
 * Reopening the approvers' tasks for a new round is exactly-once even when the answer is lost (issue #16 item 4):
 * the portal ran the `batch` with `tasks.task.renew` but a 504 ate its answer; Bitrix24 refuses to renew a task
 * that is no longer completed, so the next run looks the tasks up instead of renewing again, and records no problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
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

    for (let ticks = 0; (await h.server.store.queueSize(outboxQueue)) > 0 && ticks < 10; ticks += 1) {
      clock.advance(16 * 60_000)
      expect((await h.tick()).status).toBe(200)
      await h.drain()
    }
    expect(await h.server.store.queueSize(outboxQueue)).toBe(0)
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
