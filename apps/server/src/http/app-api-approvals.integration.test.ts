/**
 * Approvals through the SPA API against the Bitrix24 sandbox: every rule and outcome, with the
 * tasks, task comments, CRM timeline comments and notifications the portal then holds checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  approvalNotices,
  approvalTasks,
  startApprovalHarness,
  type ApprovalHarness,
} from '../test-support/approval-harness.ts'

let h: ApprovalHarness

beforeAll(async () => {
  h = await startApprovalHarness()
})
afterAll(async () => {
  await h.close()
})

const deal = { kind: 'deal', id: 3 }

async function start(initiator: number, stages: unknown[], extra: Record<string, unknown> = {}) {
  const res = await h.api(initiator, 'POST', '/api/app/approvals', { title: 'Закупка ноутбуков', stages, ...extra })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  await h.drain()
  return res.body.approval as { id: string; status: string }
}

async function decide(userId: number, id: string, response: string, comment?: string) {
  const res = await h.api(userId, 'POST', `/api/app/approvals/${id}/decision`, { response, comment })
  await h.drain()
  return res
}

const tasksOf = (id: string) => approvalTasks(h.sandbox, id)
const notesWith = (id: string) => approvalNotices(h.sandbox, id)
const timelineOf = (id: string) => h.sandbox.timeline().filter((t) => t.COMMENT.includes(`approval%5D=${id}`))

describe('approvals end to end', () => {
  it('starts with a task and a notification per approver and a timeline comment on the deal', async () => {
    const a = await start(3, [{ approverIds: [2, 6], rule: { kind: 'all' } }], { subject: deal })
    const tasks = tasksOf(a.id)
    expect(tasks.map((t) => t.RESPONSIBLE_ID).sort()).toEqual([2, 6])
    for (const task of tasks) {
      expect(task).toMatchObject({ CREATED_BY: 3, UF_CRM_TASK: ['D_3'], STATUS: 2 })
      expect(task.TITLE).toContain('Закупка ноутбуков')
    }
    expect(
      notesWith(a.id)
        .map((n) => n.USER_ID)
        .sort(),
    ).toEqual([2, 6])
    expect(timelineOf(a.id)).toMatchObject([{ ENTITY_TYPE: 'deal', ENTITY_ID: 3 }])

    expect((await decide(2, a.id, 'approve', 'Согласен')).status).toBe(200)
    const second = await decide(6, a.id, 'approve')
    expect(second.body.approval.status).toBe('approved')
    expect(tasksOf(a.id).every((t) => t.STATUS === 5)).toBe(true)
    const comments = h.sandbox.comments().filter((c) => tasksOf(a.id).some((t) => t.ID === c.TASK_ID))
    expect(comments).toHaveLength(2)
    expect(comments.find((c) => c.AUTHOR_ID === 2)?.POST_MESSAGE).toContain('Согласен')
    const timeline = timelineOf(a.id)
    // Started, the first answer (the approval stays open), then the outcome with every answer.
    expect(timeline).toHaveLength(3)
    expect(timeline[1]!.COMMENT).toContain('согласовал(а): «Согласен»')
    expect(timeline[2]!.COMMENT).toContain('согласовано')
    const toInitiator = notesWith(a.id).filter((n) => n.USER_ID === 3)
    expect(toInitiator.length).toBe(2) // the first decision, then the outcome
    expect(toInitiator.at(-1)!.MESSAGE).toContain('согласовано')
  })

  it('under `any` the first answer decides; the other approver gets 409 and their task is closed', async () => {
    const a = await start(3, [{ approverIds: [2, 6], rule: { kind: 'any' } }])
    const first = await decide(6, a.id, 'reject', 'Дорого')
    expect(first.body.approval.status).toBe('rejected')
    const late = await decide(2, a.id, 'approve')
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('ALREADY_DECIDED')
    const tasks = tasksOf(a.id)
    expect(tasks.every((t) => t.STATUS === 5)).toBe(true)
    const comments = h.sandbox.comments().filter((c) => tasks.some((t) => t.ID === c.TASK_ID))
    expect(comments.map((c) => c.POST_MESSAGE).sort()).toEqual([
      expect.stringContaining('Дорого'),
      expect.stringContaining('без вашего ответа'),
    ])
    expect(timelineOf(a.id)).toHaveLength(0) // no CRM subject, no timeline
    expect(
      notesWith(a.id)
        .filter((n) => n.USER_ID === 3)
        .at(-1)!.MESSAGE,
    ).toContain('отклонено')
  })

  it('under `quorum` 2 of 3 passes on the second approval', async () => {
    const a = await start(3, [{ approverIds: [2, 6, 7], rule: { kind: 'quorum', count: 2 } }])
    expect((await decide(2, a.id, 'approve')).body.approval.status).toBe('pending')
    expect((await decide(7, a.id, 'approve')).body.approval.status).toBe('approved')
    expect(tasksOf(a.id)).toHaveLength(3)
    expect(tasksOf(a.id).every((t) => t.STATUS === 5)).toBe(true)
  })

  it('under `percent` 50% of 3 fails as soon as two approvals can no longer arrive', async () => {
    const a = await start(3, [{ approverIds: [2, 6, 7], rule: { kind: 'percent', percent: 50 } }])
    expect((await decide(2, a.id, 'reject', 'нет')).body.approval.status).toBe('pending')
    expect((await decide(6, a.id, 'reject', 'нет')).body.approval.status).toBe('rejected')
    expect((await decide(7, a.id, 'approve')).status).toBe(409)
  })

  it('runs stages in order: tasks and notifications of stage 2 appear only when stage 1 passes', async () => {
    const stages = [
      { approverIds: [2], rule: { kind: 'all' } },
      { approverIds: [6, 7], rule: { kind: 'any' } },
    ]
    const a = await start(3, stages, { subject: { ...deal, kind: 'lead', id: 1 } })
    expect(tasksOf(a.id).map((t) => t.RESPONSIBLE_ID)).toEqual([2])
    expect((await decide(6, a.id, 'approve')).body.error.code).toBe('NOT_YOUR_TURN')
    await decide(2, a.id, 'approve')
    expect(
      tasksOf(a.id)
        .map((t) => t.RESPONSIBLE_ID)
        .sort(),
    ).toEqual([2, 6, 7])
    expect(tasksOf(a.id).find((t) => t.RESPONSIBLE_ID === 6)!.UF_CRM_TASK).toEqual(['L_1'])
    expect(notesWith(a.id).filter((n) => n.USER_ID === 6 || n.USER_ID === 7)).toHaveLength(2)
    expect((await decide(7, a.id, 'approve')).body.approval.status).toBe('approved')
    expect(timelineOf(a.id).map((t) => t.ENTITY_TYPE)).toEqual(['lead', 'lead', 'lead'])
  })

  it('a send-back returns the round; the initiator resubmits and round 2 reopens the same tasks', async () => {
    const policy = { commentPolicy: 'required-on-reject-or-send-back', subject: deal }
    const a = await start(3, [{ approverIds: [2, 6], rule: { kind: 'all' } }], policy)
    expect((await decide(2, a.id, 'send-back')).body.error.code).toBe('COMMENT_REQUIRED')
    expect((await decide(2, a.id, 'send-back', 'Добавьте смету')).body.approval.status).toBe('returned')
    expect(timelineOf(a.id).at(-1)!.COMMENT).toContain('возвращено')
    expect((await decide(6, a.id, 'approve')).status).toBe(409)
    expect((await h.api(2, 'POST', `/api/app/approvals/${a.id}/resubmit`, {})).status).toBe(403)
    const changes = { title: 'Закупка ноутбуков (со сметой)' }
    const res = await h.api(3, 'POST', `/api/app/approvals/${a.id}/resubmit`, { changes, comment: 'Смета приложена' })
    expect(res.status).toBe(200)
    await h.drain()
    expect(res.body.approval.rounds).toHaveLength(2)
    expect(tasksOf(a.id)).toHaveLength(2)
    expect(
      tasksOf(a.id)
        .filter((t) => t.STATUS !== 5)
        .map((t) => t.TITLE),
    ).toEqual([expect.stringContaining('со сметой'), expect.stringContaining('со сметой')])
    await decide(2, a.id, 'approve')
    expect((await decide(6, a.id, 'approve')).body.approval.status).toBe('approved')
  })

  it('the initiator cancels with a reason; others may not', async () => {
    const a = await start(3, [{ approverIds: [2, 6], rule: { kind: 'all' } }], { subject: deal })
    const denied = await h.api(4, 'POST', `/api/app/approvals/${a.id}/cancel`, { reason: 'просто так' })
    expect(denied.status).toBe(403)
    expect((await h.api(3, 'POST', `/api/app/approvals/${a.id}/cancel`, { reason: '' })).status).toBe(400)
    const res = await h.api(3, 'POST', `/api/app/approvals/${a.id}/cancel`, { reason: 'Передумали' })
    expect(res.body.approval.status).toBe('cancelled')
    await h.drain()
    expect(tasksOf(a.id).every((t) => t.STATUS === 5)).toBe(true)
    expect(timelineOf(a.id).at(-1)!.COMMENT).toContain('отменено')
  })

  it('reminds the pending approvers on request', async () => {
    const a = await start(3, [{ approverIds: [2, 6], rule: { kind: 'all' } }])
    await decide(2, a.id, 'approve')
    const before = notesWith(a.id).filter((n) => n.USER_ID === 6).length
    expect((await h.api(3, 'POST', `/api/app/approvals/${a.id}/remind`)).status).toBe(200)
    await h.drain()
    const toSix = notesWith(a.id).filter((n) => n.USER_ID === 6)
    expect(toSix).toHaveLength(before + 1)
    expect(toSix.at(-1)!.MESSAGE).toContain('Напоминание')
    expect(notesWith(a.id).filter((n) => n.USER_ID === 2)).toHaveLength(1)
  })

  it('reassigns a place: the old task is closed, the new approver gets a task and decides', async () => {
    const a = await start(3, [{ approverIds: [2, 6], rule: { kind: 'all' } }])
    const body = { fromUserId: 2, toUserId: 4, reason: 'В отпуске' }
    expect((await h.api(7, 'POST', `/api/app/approvals/${a.id}/reassign`, body)).status).toBe(403)
    const unknown = await h.api(2, 'POST', `/api/app/approvals/${a.id}/reassign`, { ...body, toUserId: 9999 })
    expect(unknown.body.error.code).toBe('UNKNOWN_USERS')
    expect((await h.api(2, 'POST', `/api/app/approvals/${a.id}/reassign`, body)).status).toBe(200)
    await h.drain()
    const old = tasksOf(a.id).find((t) => t.RESPONSIBLE_ID === 2)!
    expect(old.STATUS).toBe(5)
    expect(h.sandbox.comments().find((c) => c.TASK_ID === old.ID)!.POST_MESSAGE).toContain('передана')
    expect(tasksOf(a.id).find((t) => t.RESPONSIBLE_ID === 4)!.STATUS).toBe(2)
    expect(notesWith(a.id).some((n) => n.USER_ID === 4)).toBe(true)
    await decide(4, a.id, 'approve')
    const done = await decide(6, a.id, 'approve')
    expect(done.body.approval.status).toBe('approved')
    expect(done.body.approval.audit.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'reassign',
      'approve',
      'approve',
    ])
  })
})

describe('the subject comes from Bitrix24, read as the initiator', () => {
  const stages = [{ approverIds: [2], rule: { kind: 'all' } }]
  const forged = { title: 'Оплатите счёт', amount: 1, currency: 'USD', url: 'https://phish.example/pay' }
  const initiatorApprovals = async (userId: number) =>
    (await h.api(userId, 'GET', '/api/app/approvals?role=initiator')).body.items as unknown[]

  it('ignores a forged title, amount and link: the approval shows the deal as Bitrix24 holds it', async () => {
    const a = await start(3, stages, { subject: { kind: 'deal', id: 5, ...forged } })
    const stored = (await h.api(3, 'GET', `/api/app/approvals/${a.id}`)).body.approval
    expect(stored.subject).toEqual({
      kind: 'deal',
      id: 5,
      title: h.sandbox.portal.state.deals[4]!['TITLE'],
      amount: 625000,
      currency: 'RUB',
      url: `https://${h.sandbox.domain}/crm/deal/details/5/`,
      responsibleId: 3,
      pipelineId: Number(h.sandbox.portal.state.deals[4]!['CATEGORY_ID'] ?? 0),
      sourceId: (h.sandbox.portal.state.deals[4]!['SOURCE_ID'] as string | undefined) || null,
    })
    expect(JSON.stringify(tasksOf(a.id))).not.toContain('phish.example')
    expect(timelineOf(a.id)).toMatchObject([{ ENTITY_TYPE: 'deal', ENTITY_ID: 5 }])
  })

  it('builds a task link on the portal domain with the responsible user from Bitrix24', async () => {
    const task = h.sandbox.tasks().find((t) => t.RESPONSIBLE_ID === 3 || t.CREATED_BY === 3)!
    const a = await start(3, stages, { subject: { kind: 'task', id: task.ID, ...forged } })
    const stored = (await h.api(3, 'GET', `/api/app/approvals/${a.id}`)).body.approval
    expect(stored.subject).toMatchObject({ kind: 'task', id: task.ID, title: task.TITLE, amount: null })
    expect(stored.subject.url).toBe(
      `https://${h.sandbox.domain}/company/personal/user/${task.RESPONSIBLE_ID}/tasks/task/view/${task.ID}/`,
    )
  })

  it('refuses a deal the initiator may not see with 403, and nothing is created', async () => {
    const [userId] = h.addUsers(1)
    h.sandbox.portal.state.users.find((u) => u.ID === userId)!.CRM_READ = 'own'
    const tasksBefore = h.sandbox.tasks().length
    const res = await h.api(userId!, 'POST', '/api/app/approvals', {
      title: 'Чужая сделка',
      stages,
      subject: { kind: 'deal', id: 5 },
    })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('SUBJECT_ACCESS_DENIED')
    await h.drain()
    expect(await initiatorApprovals(userId!)).toEqual([])
    expect(h.sandbox.tasks()).toHaveLength(tasksBefore)
  })

  it('refuses a deal that does not exist with 404, and nothing is created', async () => {
    const [userId] = h.addUsers(1)
    const res = await h.api(userId!, 'POST', '/api/app/approvals', {
      title: 'Нет сделки',
      stages,
      subject: { kind: 'deal', id: 99999 },
    })
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('SUBJECT_NOT_FOUND')
    expect(await initiatorApprovals(userId!)).toEqual([])
  })
})
