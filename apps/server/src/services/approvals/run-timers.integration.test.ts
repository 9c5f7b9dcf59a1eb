/**
 * Timers through the cron tick against the sandbox: a timed-out stage escalates to the department
 * heads of the sandbox's seed structure, reminders reach the pending approvers, and a `reject` timeout ends
 * the approval as expired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  approvalNotices,
  manualClock,
  startApprovalHarness,
  useRoundTheClockCalendar,
  type ApprovalHarness,
} from '../../test-support/approval-harness.ts'
import { outboxQueue } from '../outbox/outbox-queue.ts'
import { timerQueue } from '../outbox/timer-queue.ts'

const clock = manualClock(Date.parse('2026-11-23T09:00:00Z'))
const hour = 3_600_000
let h: ApprovalHarness

beforeAll(async () => {
  h = await startApprovalHarness({ clock })
  await useRoundTheClockCalendar(h)
})
afterAll(async () => {
  await h.close()
})

async function start(body: Record<string, unknown>) {
  const res = await h.api(4, 'POST', '/api/app/approvals', { title: 'Сроки', ...body })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  await h.drain()
  return res.body.approval.id as string
}

async function tickAfter(ms: number) {
  clock.advance(ms)
  const tick = await h.tick()
  await h.drain()
  return tick.body.tick
}

const notesOf = (id: string, userId: number) => approvalNotices(h.sandbox, id).filter((n) => n.USER_ID === userId)
const taskOf = (id: string, userId: number) =>
  h.sandbox.tasks().find((t) => t.RESPONSIBLE_ID === userId && t.DESCRIPTION.includes(`approval%5D=${id}`))

describe('timers', () => {
  it('escalates a timed-out stage to the department heads of the seed structure', async () => {
    const stages = [{ approverIds: [3, 7], rule: { kind: 'all' }, deadline: { workingHours: 2, action: 'escalate' } }]
    const id = await start({ stages })
    expect(taskOf(id, 3)!.DEADLINE).not.toBeNull()
    expect((await tickAfter(hour)).timers.fired).toBe(0)
    const tick = await tickAfter(2 * hour)
    expect(tick.timers.fired).toBe(1)
    // Мария (3) is in the sales department headed by Иван (2); Елена (7) in finance headed by Дмитрий (6).
    expect(taskOf(id, 3)!.STATUS).toBe(5)
    expect(taskOf(id, 7)!.STATUS).toBe(5)
    expect(taskOf(id, 2)!.STATUS).toBe(2)
    expect(taskOf(id, 6)!.STATUS).toBe(2)
    expect(notesOf(id, 2)).toHaveLength(1)
    expect(notesOf(id, 6)).toHaveLength(1)
    expect(notesOf(id, 4).at(-1)!.MESSAGE).toContain('передано руководителям')
    const approval = (await h.api(4, 'GET', `/api/app/approvals/${id}`)).body.approval
    expect(approval.audit.at(-1)).toMatchObject({
      action: 'timeout',
      timeoutAction: 'escalate',
      channel: 'system',
      handovers: [
        { fromUserId: 3, toUserId: 2 },
        { fromUserId: 7, toUserId: 6 },
      ],
    })
    await h.api(2, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })
    const done = await h.api(6, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })
    expect(done.body.approval.status).toBe('approved')
  })

  it('reminds pending approvers on the cadence, at most maxCount times', async () => {
    const stages = [{ approverIds: [8, 9], rule: { kind: 'all' } }]
    const id = await start({ stages, reminders: { everyWorkingHours: 1, maxCount: 2 } })
    await h.api(8, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })
    await h.drain()
    for (let i = 0; i < 4; i += 1) await tickAfter(hour)
    const toNine = notesOf(id, 9)
    expect(toNine).toHaveLength(3)
    expect(toNine.slice(1).every((n) => n.MESSAGE.includes('Напоминание'))).toBe(true)
    expect(notesOf(id, 8)).toHaveLength(1)
  })

  it('ends an approval as expired when its deadline passes with the reject action', async () => {
    const dueAt = new Date(clock.now() + 5 * hour).toISOString()
    const id = await start({
      stages: [{ approverIds: [10], rule: { kind: 'any' } }],
      deadline: { dueAt, action: 'reject' },
    })
    await tickAfter(6 * hour)
    const approval = (await h.api(4, 'GET', `/api/app/approvals/${id}`)).body.approval
    expect(approval.status).toBe('expired')
    expect(taskOf(id, 10)!.STATUS).toBe(5)
    expect(notesOf(id, 4).at(-1)!.MESSAGE).toContain('просрочено')
  })

  it('marks an approval overdue in the list rows when its deadline passes with mark-overdue', async () => {
    const dueAt = new Date(clock.now() + 3 * hour).toISOString()
    const id = await start({
      stages: [{ approverIds: [11], rule: { kind: 'any' } }],
      deadline: { dueAt, action: 'mark-overdue' },
    })
    const rowOf = async () =>
      (
        (await h.api(4, 'GET', '/api/app/approvals?role=initiator')).body.items as {
          id: string
          status: string
          overdueAt: string | null
        }[]
      ).find((row) => row.id === id)
    expect(await rowOf()).toMatchObject({ status: 'pending', overdueAt: null })
    await tickAfter(4 * hour)
    const row = await rowOf()
    expect(row?.status).toBe('pending')
    expect(Date.parse(row?.overdueAt ?? '')).toBeGreaterThanOrEqual(Date.parse(dueAt))
    await h.api(11, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })
    expect(await rowOf()).toMatchObject({ status: 'approved', overdueAt: null })
  })

  it('two overlapping ticks fire a due timer once', async () => {
    const stages = [{ approverIds: [11], rule: { kind: 'all' }, deadline: { workingHours: 1, action: 'approve' } }]
    const id = await start({ stages })
    clock.advance(2 * hour)
    const [a, b] = await Promise.all([h.tick(), h.tick()])
    await h.drain()
    expect(a.body.tick.timers.fired + b.body.tick.timers.fired).toBe(1)
    const approval = (await h.api(4, 'GET', `/api/app/approvals/${id}`)).body.approval
    expect(approval.status).toBe('approved')
    expect(approval.audit.filter((e: { action: string }) => e.action === 'timeout')).toHaveLength(1)
  })

  it('leaves no timer or outbox item behind when the portal is purged', async () => {
    const stages = [{ approverIds: [12], rule: { kind: 'all' }, deadline: { workingHours: 5, action: 'reject' } }]
    await start({ stages, reminders: { everyWorkingHours: 1, maxCount: 3 } })
    expect(await h.server.store.queueSize(timerQueue)).toBeGreaterThan(0)
    expect(await h.server.store.queueSize(outboxQueue)).toBeGreaterThan(0)
    await h.server.store.purgePortal(h.sandbox.memberId)
    expect(await h.server.store.queueSize(timerQueue)).toBe(0)
    expect(await h.server.store.queueSize(outboxQueue)).toBe(0)
  })
})
