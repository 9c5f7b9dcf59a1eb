/**
 * Write-back under faults: with 30% of the sandbox's Bitrix24 requests failing (503 QUERY_LIMIT_EXCEEDED and 500
 * before the call runs; a 504 gateway timeout and a dropped connection after it ran, so the answer is lost) and
 * the cron tick running, every side effect is applied exactly once: no missing and no duplicate tasks, task
 * comments, timeline comments or notifications.
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
  // The SDK's client-side pacing (2 requests/s after a burst of 50) is lifted: the test is about failures.
  const rateLimit = { burstLimit: 1_000_000, drainRate: 1_000_000, adaptiveEnabled: false }
  h = await startApprovalHarness({ clock, bitrix24: { restrictionParams: { maxRetries: 1, rateLimit } } })
  h.sandbox.setRateLimit(false)
  for (const user of [2, 3, 6, 7]) expect((await h.api(user, 'GET', '/api/app/me')).status).toBe(200)
  expect((await h.api(3, 'GET', '/api/app/users')).status).toBe(200)
})
afterAll(async () => {
  await h.close()
})

const seed = 20261204

describe('outbox under failures', () => {
  it('applies every side effect exactly once while 30% of Bitrix24 requests fail', { timeout: 90_000 }, async () => {
    const first = h.sandbox.restLog().length
    h.sandbox.failRandomly({ rate: 0.3, seed, spare: ['crm.deal.get'] })
    const ids: string[] = []
    const deal = { kind: 'deal', id: 7 }
    for (let i = 0; i < 16; i += 1) {
      const stages = [{ approverIds: [2, 6, 7], rule: { kind: 'all' } }]
      const res = await h.api(3, 'POST', '/api/app/approvals', { title: `Сбой ${i}`, stages, subject: deal })
      expect(res.status).toBe(201)
      ids.push(res.body.approval.id)
      await h.drain()
    }
    for (const id of ids) {
      for (const user of [2, 6, 7]) {
        const res = await h.api(user, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })
        expect(res.status).toBe(200)
      }
      await h.drain()
    }
    let ticks = 0
    while ((await h.server.store.queueSize(outboxQueue)) > 0 && ticks < 300) {
      clock.advance(16 * 60_000)
      // Two ticks at once, as two overlapping cron invocations would run.
      const overlapping = await Promise.all([h.tick(), h.tick()])
      expect(overlapping.map((tick) => tick.status)).toEqual([200, 200])
      await h.drain()
      ticks += 1
    }
    h.sandbox.failRandomly(false)
    expect(await h.server.store.queueSize(outboxQueue)).toBe(0)
    const log = h.sandbox.restLog().slice(first)
    const failed = log.filter((entry) => entry.status >= 500 || entry.status === 0)
    const lost = failed.filter((entry) => entry.status === 0 || entry.status === 504).length
    console.info(
      `faults: ${failed.length} of ${log.length} portal requests failed (${lost} after running); ${ticks} ticks`,
    )
    expect(failed.length / log.length).toBeGreaterThan(0.2)
    expect(failed.length / log.length).toBeLessThan(0.4)
    expect(lost).toBeGreaterThan(0)

    for (const id of ids) {
      const tasks = approvalTasks(h.sandbox, id)
      expect(tasks.map((t) => t.RESPONSIBLE_ID).sort()).toEqual([2, 6, 7])
      expect(tasks.every((t) => t.STATUS === 5)).toBe(true)
      const comments = h.sandbox.comments().filter((c) => tasks.some((t) => t.ID === c.TASK_ID))
      expect(comments.map((c) => c.AUTHOR_ID).sort()).toEqual([2, 6, 7])
      const timeline = h.sandbox.timeline().filter((t) => t.COMMENT.includes(`approval%5D=${id}`))
      // Started, the two answers that left it open, the outcome.
      expect(timeline).toHaveLength(4)
      // One notice per approver (Bitrix24's own, for the task), the initiator's for two answers and the outcome.
      const notes = approvalNotices(h.sandbox, id)
      expect(notes.map((n) => n.USER_ID).sort()).toEqual([2, 3, 3, 3, 6, 7])
    }
  })
})
