/**
 * Acceptance of issue #7 through the SPA API against the Bitrix24 sandbox: every rule and outcome, with the
 * tasks, task comments, CRM timeline comments and notifications the portal then holds checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApprovalHarness, type ApprovalHarness } from './approvals.fixture.ts'

let h: ApprovalHarness

beforeAll(async () => {
  h = await startApprovalHarness()
})
afterAll(async () => {
  await h.close()
})

const deal = { kind: 'deal', id: 3, title: 'Поставка оборудования', amount: 150000, currency: 'RUB', url: null }

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

const tasksOf = (id: string) => h.sandbox.tasks().filter((t) => t.DESCRIPTION.includes(`/approvals/${id}`))
const notesWith = (id: string) => h.sandbox.notifications().filter((n) => n.MESSAGE.includes(`/approvals/${id}`))
const timelineOf = (id: string) => h.sandbox.timeline().filter((t) => t.COMMENT.includes(`/approvals/${id}`))

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
    expect(timeline).toHaveLength(2)
    expect(timeline[1]!.COMMENT).toContain('согласовано')
    const toInitiator = notesWith(a.id).filter((n) => n.USER_ID === 3)
    expect(toInitiator.length).toBe(2) // the first decision, then the outcome
    expect(toInitiator.at(-1)!.MESSAGE).toContain('согласовано')
  })
})
