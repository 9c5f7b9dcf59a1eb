/**
 * Write-back batched across approvals (issue #22): the commands of approvals written back at the same moment share
 * `batch` requests, and with 30% of the portal's requests failing (before the call runs, and after it ran with the
 * answer lost) every approval's effects are still applied exactly once and in its own order (each approver's task
 * gets its answer's comment before it is completed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RestLogEntry } from '../../../../sandbox/src/bitrix24/index.ts'
import {
  approvalTasks,
  manualClock,
  startApprovalHarness,
  type ApprovalHarness,
} from '../../test-support/approval-harness.ts'
import { outboxQueue } from './outbox-queue.ts'

const clock = manualClock()
const approvers = [2, 6, 7]
let h: ApprovalHarness

beforeAll(async () => {
  // The SDK's client-side pacing is lifted: the test is about merging and failures, not about waiting.
  const rateLimit = { burstLimit: 1_000_000, drainRate: 1_000_000, adaptiveEnabled: false }
  h = await startApprovalHarness({ clock, bitrix24: { restrictionParams: { maxRetries: 1, rateLimit } } })
  h.sandbox.setRateLimit(false)
  for (const user of [3, ...approvers]) expect((await h.api(user, 'GET', '/api/app/me')).status).toBe(200)
  expect((await h.api(3, 'GET', '/api/app/users')).status).toBe(200)
})
afterAll(async () => {
  await h.close()
})

/** The commands of a logged `batch` request, as `method?query` strings. */
const commandsOf = (entry: RestLogEntry) => Object.values((entry.params as { cmd?: Record<string, string> }).cmd ?? {})

async function tickUntilEmpty() {
  for (let ticks = 0; (await h.server.store.queueSize(outboxQueue)) > 0 && ticks < 300; ticks += 1) {
    clock.advance(16 * 60_000)
    // Two ticks at once, as two overlapping cron invocations (or two instances) would run.
    const overlapping = await Promise.all([h.tick(), h.tick()])
    expect(overlapping.map((tick) => tick.status)).toEqual([200, 200])
    await h.drain()
  }
  expect(await h.server.store.queueSize(outboxQueue)).toBe(0)
}

describe('write-back batched across approvals', () => {
  it('merges approvals started together into shared batch requests', async () => {
    const first = h.sandbox.restLog().length
    const stages = [{ approverIds: approvers, rule: { kind: 'all' } }]
    const started = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.api(3, 'POST', '/api/app/approvals', { title: `Вместе ${i}`, stages })),
    )
    expect(started.map((res) => res.status)).toEqual(started.map(() => 201))
    await h.drain()
    const creations = h.sandbox
      .restLog()
      .slice(first)
      .filter((entry) => commandsOf(entry).some((c) => c.startsWith('tasks.task.add')))
    expect(creations.flatMap(commandsOf).filter((c) => c.startsWith('tasks.task.add'))).toHaveLength(30)
    // Ten approvals' 30 task creations went out in fewer requests than there are approvals.
    expect(creations.length).toBeLessThan(10)
    for (const res of started) expect(approvalTasks(h.sandbox, res.body.approval.id)).toHaveLength(3)
  })

  it(
    'keeps each approval’s order and applies everything exactly once while 30% of requests fail',
    { timeout: 90_000 },
    async () => {
      const stages = [{ approverIds: approvers, rule: { kind: 'all' } }]
      const ids: string[] = []
      for (let i = 0; i < 12; i += 1) {
        const res = await h.api(3, 'POST', '/api/app/approvals', { title: `Сбой вместе ${i}`, stages })
        expect(res.status).toBe(201)
        ids.push(res.body.approval.id)
      }
      await h.drain()
      await tickUntilEmpty()
      const first = h.sandbox.restLog().length
      h.sandbox.failRandomly({ rate: 0.3, seed: 20261207 })
      // Every answer of every approval at once: their write-backs run side by side and share requests.
      const answers = await Promise.all(
        ids.flatMap((id) =>
          approvers.map((user) => h.api(user, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })),
        ),
      )
      expect(answers.map((res) => res.status)).toEqual(answers.map(() => 200))
      await h.drain()
      await tickUntilEmpty()
      h.sandbox.failRandomly(false)

      const log = h.sandbox.restLog().slice(first)
      const lost = log.filter((entry) => entry.status === 0 || entry.status === 504)
      expect(lost.length).toBeGreaterThan(0)
      // Requests whose commands ran (answered, or answered never), in the order the portal received them.
      const ran = log.filter((entry) => entry.status === 200 || entry.status === 0 || entry.status === 504)
      const commands = ran.flatMap(commandsOf)
      const approvalOfTask = new Map(ids.flatMap((id) => approvalTasks(h.sandbox, id).map((t) => [String(t.ID), id])))
      const approvalsIn = (entry: RestLogEntry) =>
        new Set(commandsOf(entry).map((c) => approvalOfTask.get(/(?:TASKID|taskId)=(\d+)/.exec(c)?.[1] ?? '')))
      expect(Math.max(...ran.map((entry) => approvalsIn(entry).size))).toBeGreaterThan(1)
      for (const id of ids) {
        const tasks = approvalTasks(h.sandbox, id)
        expect(tasks.map((t) => t.RESPONSIBLE_ID).sort()).toEqual(approvers)
        expect(tasks.every((t) => t.STATUS === 5)).toBe(true)
        const comments = h.sandbox.comments().filter((c) => tasks.some((t) => t.ID === c.TASK_ID))
        expect(comments.map((c) => c.AUTHOR_ID).sort()).toEqual(approvers)
        for (const task of tasks) {
          const commented = commands.findIndex(
            (c) => c.startsWith('task.commentitem.add') && c.includes(`TASKID=${task.ID}&`),
          )
          const completed = commands.findIndex(
            (c) => c.startsWith('tasks.task.complete') && c.endsWith(`taskId=${task.ID}`),
          )
          expect(commented).toBeGreaterThanOrEqual(0)
          expect(completed).toBeGreaterThan(commented)
        }
      }
    },
  )
})
