/**
 * Tasks kept in sync (issue 16, item 4) through the Bitrix24 sandbox: an approver's task completed, deferred or
 * deleted in the portal is recorded in the approval's history; with the portal's setting on, an approver
 * completing their own task approves (channel `bitrix24`) and the app does not complete it again; a deleted task
 * is never written to again, and the next round gives its approver a new one. Repeated and concurrent deliveries
 * record a change once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxEvent } from '../event-inbox.ts'
import { approvalTasks, startApprovalHarness, type ApprovalHarness } from '../../test-support/approval-harness.ts'

const ADMIN = 1
const APPROVER = 2
const OTHER = 6
const INITIATOR = 3
let h: ApprovalHarness

beforeAll(async () => {
  h = await startApprovalHarness()
})
afterAll(async () => {
  await h.close()
})

async function setTaskCompletion(isTaskCompletionApproval: boolean) {
  const current = (await h.api(ADMIN, 'GET', '/api/app/settings')).body.settings
  const res = await h.api(ADMIN, 'PUT', '/api/app/settings', { ...current, isTaskCompletionApproval })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
}

async function start(extra: Record<string, unknown> = {}) {
  const stages = [{ approverIds: [APPROVER, OTHER], rule: { kind: 'all' } }]
  const res = await h.api(INITIATOR, 'POST', '/api/app/approvals', { title: 'Закупка мебели', stages, ...extra })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  await h.drain()
  const id = res.body.approval.id as string
  const taskOf = (userId: number) => approvalTasks(h.sandbox, id).find((t) => t.RESPONSIBLE_ID === userId)!.ID
  return { id, taskOf }
}

/** Runs a task method in the portal as a user, then lets the portal deliver its events and the app handle them. */
async function inPortal(userId: number, method: string, taskId: number) {
  await h.sandbox.callAsUser(userId, method, { taskId })
  await h.sandbox.flushEvents()
  await h.drain()
}

/** How many times the app itself asked the portal to complete the task (alone or inside a `batch`). */
function appCompletions(taskId: number): number {
  const inBatch = new RegExp(`^tasks\\.task\\.complete\\?taskId=${taskId}(&|$)`)
  return h.sandbox
    .restLog()
    .filter((e) => e.transport === 'oauth')
    .flatMap((e): unknown[] => {
      const params = e.params as { taskId?: unknown; cmd?: Record<string, string> }
      if (e.method === 'tasks.task.complete') return Number(params.taskId) === taskId ? [e] : []
      if (e.method !== 'batch') return []
      return Object.values(params.cmd ?? {}).filter((cmd) => inBatch.test(cmd))
    }).length
}

const view = async (id: string) => (await h.api(INITIATOR, 'GET', `/api/app/approvals/${id}`)).body
const taskNotes = async (id: string) =>
  ((await view(id)).approval.audit as { action: string; task: unknown; actorId: number }[]).filter(
    (e) => e.action === 'task-change',
  )

describe('tasks in sync with the approval', () => {
  it('records a completed task when the setting is off: the approver still has to answer', async () => {
    await setTaskCompletion(false)
    const a = await start()
    await inPortal(APPROVER, 'tasks.task.complete', a.taskOf(APPROVER))
    const body = await view(a.id)
    expect(body.approval.status).toBe('pending')
    expect(await taskNotes(a.id)).toEqual([
      expect.objectContaining({
        actorId: APPROVER,
        task: { taskId: a.taskOf(APPROVER), userId: APPROVER, change: 'completed', notCounted: 'setting-off' },
      }),
    ])
    // Another update of the same completed task (an edit) records nothing more.
    await h.sandbox.callAsUser(APPROVER, 'tasks.task.update', { taskId: a.taskOf(APPROVER), fields: { PRIORITY: 2 } })
    await h.sandbox.flushEvents()
    await h.drain()
    expect(await taskNotes(a.id)).toHaveLength(1)
  })

  it('counts the approver completing their own task as their approval when the setting is on', async () => {
    await setTaskCompletion(true)
    try {
      const a = await start()
      const taskId = a.taskOf(APPROVER)
      await inPortal(APPROVER, 'tasks.task.complete', taskId)
      const body = await view(a.id)
      const seat = body.approval.rounds[0].stages[0].seats.find((s: { userId: number }) => s.userId === APPROVER)
      expect(seat.response).toMatchObject({ kind: 'approve', channel: 'bitrix24' })
      expect(body.approval.audit.at(-1)).toMatchObject({ action: 'approve', actorId: APPROVER, channel: 'bitrix24' })
      // The task is not completed a second time (nothing refused), but carries the answer as a comment.
      expect(body.writeBackProblems).toEqual([])
      expect(appCompletions(taskId)).toBe(0)
      expect(h.sandbox.comments().filter((c) => c.TASK_ID === taskId)).toHaveLength(1)
      const approved = await h.api(OTHER, 'POST', `/api/app/approvals/${a.id}/decision`, { response: 'approve' })
      expect(approved.body.approval.status).toBe('approved')
      await h.drain()
      expect((await view(a.id)).writeBackProblems).toEqual([])
      expect(approvalTasks(h.sandbox, a.id).map((t) => t.STATUS)).toEqual([5, 5])
      expect(appCompletions(taskId)).toBe(0)
      expect(appCompletions(a.taskOf(OTHER))).toBe(1)
    } finally {
      await setTaskCompletion(false)
    }
  })

  it('does not count a task someone else completed, nor one the comment policy refuses', async () => {
    await setTaskCompletion(true)
    try {
      const a = await start()
      await inPortal(ADMIN, 'tasks.task.complete', a.taskOf(OTHER))
      expect((await view(a.id)).approval.status).toBe('pending')
      expect((await taskNotes(a.id)).at(-1)).toMatchObject({
        actorId: ADMIN,
        task: { userId: OTHER, change: 'completed', notCounted: 'not-the-approver' },
      })
      const b = await start({ commentPolicy: 'always' })
      await inPortal(APPROVER, 'tasks.task.complete', b.taskOf(APPROVER))
      expect((await view(b.id)).approval.status).toBe('pending')
      expect((await taskNotes(b.id)).at(-1)).toMatchObject({
        task: { userId: APPROVER, change: 'completed', notCounted: 'COMMENT_REQUIRED' },
      })
    } finally {
      await setTaskCompletion(false)
    }
  })

  it('records a deferred task', async () => {
    const a = await start()
    await inPortal(APPROVER, 'tasks.task.defer', a.taskOf(APPROVER))
    expect(await taskNotes(a.id)).toEqual([
      expect.objectContaining({ task: expect.objectContaining({ change: 'deferred', notCounted: null }) }),
    ])
  })

  it('records a deleted task, never writes to it again, and gives the next round a new task', async () => {
    const a = await start()
    const deleted = a.taskOf(APPROVER)
    await inPortal(ADMIN, 'tasks.task.delete', deleted)
    expect((await taskNotes(a.id)).map((e) => e.task)).toEqual([
      { taskId: deleted, userId: APPROVER, change: 'deleted', notCounted: null },
    ])
    const back = await h.api(OTHER, 'POST', `/api/app/approvals/${a.id}/decision`, {
      response: 'send-back',
      comment: 'Уточните поставщика',
    })
    expect(back.body.approval.status).toBe('returned')
    await h.drain()
    const again = await h.api(INITIATOR, 'POST', `/api/app/approvals/${a.id}/resubmit`, {
      changes: { description: 'Поставщик: ООО «Мебель»' },
    })
    expect(again.status, JSON.stringify(again.body)).toBe(200)
    await h.drain()
    const tasks = approvalTasks(h.sandbox, a.id)
    expect(tasks.filter((t) => t.RESPONSIBLE_ID === APPROVER).map((t) => t.STATUS)).toEqual([2])
    expect(tasks.find((t) => t.RESPONSIBLE_ID === APPROVER)!.ID).not.toBe(deleted)
    expect((await view(a.id)).writeBackProblems).toEqual([])
  })

  it('records a change once when the same event arrives twice at once (two instances)', async () => {
    const a = await start()
    const taskId = a.taskOf(APPROVER)
    await h.sandbox.callAsUser(APPROVER, 'tasks.task.defer', { taskId })
    const handler = h.graph().bitrix24.inbox.handlers.get('ONTASKUPDATE')!
    const event = (n: number): InboxEvent => ({
      ...{ id: `dup-${n}`, memberId: h.sandbox.memberId, event: 'ONTASKUPDATE', eventHandlerId: undefined },
      ...{ data: { FIELDS_BEFORE: { ID: String(taskId) }, FIELDS_AFTER: { ID: String(taskId) } }, ts: '1' },
      ...{ userId: undefined, receivedAt: new Date().toISOString(), status: 'pending', attempts: 0 },
    })
    await Promise.all([handler(event(1)), handler(event(2)), handler(event(3))])
    await h.sandbox.flushEvents()
    await h.drain()
    expect(await taskNotes(a.id)).toHaveLength(1)
  })

  it('reads nothing from the portal for a task the app did not create', async () => {
    const before = h.sandbox.restLog().length
    const created = (await h.sandbox.callAsUser(ADMIN, 'tasks.task.add', {
      fields: { TITLE: 'Не про согласование', RESPONSIBLE_ID: APPROVER },
    })) as { task: { id: string } }
    await inPortal(APPROVER, 'tasks.task.complete', Number(created.task.id))
    // Alone or inside a write-back `batch` (where the app's task reads go).
    const reads = h.sandbox
      .restLog()
      .slice(before)
      .filter((e) => e.transport === 'oauth')
      .flatMap((e) => (e.method === 'batch' ? Object.values((e.params as { cmd?: object }).cmd ?? {}) : [e.method]))
      .filter((call) => String(call).startsWith('tasks.task.get'))
    expect(reads).toEqual([])
  })
})
