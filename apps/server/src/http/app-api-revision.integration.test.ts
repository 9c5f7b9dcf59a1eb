/**
 * A revision round through the SPA API against the Bitrix24 sandbox (issue #17 item 3, issue #16 item 4): an
 * approver sends back with a reason, the initiator edits title, description and approvers and resubmits; the
 * approvers' existing Bitrix24 tasks are reopened for the new round (no new tasks), once, however often the
 * outbox runs; the deal's timeline tells each answer and the outcome with the comments (item 9).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approvalTasks, startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'

const INITIATOR = 3
const APPROVER = 2
const SECOND = 6
let h: ApprovalHarness
let dealId: number

beforeAll(async () => {
  h = await startApprovalHarness()
  const deal = await h.sandbox.callAsUser(INITIATOR, 'crm.deal.add', { fields: { TITLE: 'Мебель', OPPORTUNITY: 500 } })
  dealId = Number(deal)
})
afterAll(async () => {
  await h.close()
})

const stages = [{ approverIds: [APPROVER, SECOND], rule: { kind: 'all' } }]
const timelineOf = (id: string) =>
  h.sandbox
    .timeline()
    .filter((t) => t.COMMENT.includes(`approval%5D=${id}`))
    .map((t) => t.COMMENT)

async function startAndSendBack() {
  const created = await h.api(INITIATOR, 'POST', '/api/app/approvals', {
    ...{ title: 'Закупка мебели', description: 'Столы', stages },
    subject: { kind: 'deal', id: dealId },
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const id = created.body.approval.id as string
  await h.drain()
  expect((await h.api(SECOND, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })).status).toBe(200)
  const back = await h.api(APPROVER, 'POST', `/api/app/approvals/${id}/decision`, {
    response: 'send-back',
    comment: 'Добавьте смету',
  })
  expect(back.status).toBe(200)
  await h.drain()
  return id
}

describe('a revision round', () => {
  it('reopens the approvers’ tasks with the new title instead of creating new ones, exactly once', async () => {
    const id = await startAndSendBack()
    const before = approvalTasks(h.sandbox, id)
    expect(before.map((t) => t.STATUS)).toEqual([5, 5])
    const res = await h.api(INITIATOR, 'POST', `/api/app/approvals/${id}/resubmit`, {
      changes: { title: 'Закупка мебели (со сметой)', description: 'Столы, смета приложена' },
      comment: 'Смета добавлена',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.approval.status).toBe('pending')
    await h.drain()
    await h.tick()
    await h.drain()
    const after = approvalTasks(h.sandbox, id)
    expect(after.map((t) => t.ID)).toEqual(before.map((t) => t.ID))
    expect(after.map((t) => t.STATUS)).toEqual([2, 2])
    expect(after.every((t) => t.TITLE === 'Согласование: Закупка мебели (со сметой)')).toBe(true)
    expect(after[0]!.DESCRIPTION).toContain('Столы, смета приложена')
    // The renewed approvers hear of the new round from the app (Bitrix24 tells only of a new task).
    const notices = h.sandbox.notifications().filter((n) => n.MESSAGE.includes(`approval%5D=${id}`))
    expect(notices.filter((n) => n.USER_ID === APPROVER).length).toBeGreaterThanOrEqual(1)
    // Answering in the new round completes the same task.
    await h.api(APPROVER, 'POST', `/api/app/approvals/${id}/decision`, { response: 'approve' })
    await h.drain()
    expect(approvalTasks(h.sandbox, id).find((t) => t.RESPONSIBLE_ID === APPROVER)!.STATUS).toBe(5)
  })

  it('gives a new approver of the new round a new task, and keeps the removed one’s task closed', async () => {
    const id = await startAndSendBack()
    const res = await h.api(INITIATOR, 'POST', `/api/app/approvals/${id}/resubmit`, {
      changes: { stages: [{ approverIds: [APPROVER, 7], rule: { kind: 'all' } }] },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    await h.drain()
    const tasks = approvalTasks(h.sandbox, id)
    expect(tasks.map((t) => [t.RESPONSIBLE_ID, t.STATUS]).sort()).toEqual([
      [APPROVER, 2],
      [SECOND, 5],
      [7, 2],
    ])
  })

  it('refuses invalid changes and self-approval with 400, and changes nothing', async () => {
    const id = await startAndSendBack()
    const tasks = () => approvalTasks(h.sandbox, id).map((t) => [t.ID, t.STATUS])
    const before = tasks()
    const blank = await h.api(INITIATOR, 'POST', `/api/app/approvals/${id}/resubmit`, { changes: { title: ' ' } })
    expect(blank.status).toBe(400)
    const self = await h.api(INITIATOR, 'POST', `/api/app/approvals/${id}/resubmit`, {
      changes: { stages: [{ approverIds: [INITIATOR], rule: { kind: 'all' } }] },
    })
    expect(self.status).toBe(400)
    expect(self.body.error.code).toBe('SELF_APPROVAL')
    await h.drain()
    expect(tasks()).toEqual(before)
    expect((await h.api(INITIATOR, 'GET', `/api/app/approvals/${id}`)).body.approval.status).toBe('returned')
  })

  it('tells the deal’s timeline each answer and the outcome with the reasons', async () => {
    const id = await startAndSendBack()
    const timeline = timelineOf(id)
    expect(timeline).toHaveLength(3)
    expect(timeline[1]).toContain('согласовал(а)')
    expect(timeline[2]).toContain('возвращено на доработку')
    expect(timeline[2]).toContain('«Добавьте смету»')
    expect(timeline[2]).toMatch(/\[URL=\/marketplace\/view\/[^/\]]+\/\?params%5Bapproval%5D=\w+\]/)
    const initiatorNotice = h.sandbox
      .notifications()
      .filter((n) => n.USER_ID === INITIATOR && n.MESSAGE.includes(`approval%5D=${id}`))
      .at(-1)
    expect(initiatorNotice!.MESSAGE).toContain('«Добавьте смету»')
  })

  it('tells the app’s own address where the approval opens in the portal; bad input is a 400', async () => {
    const ok = await h.server.app.request('/api/b24/portal-link?approval=01JABCDEF')
    expect(await ok.json()).toEqual({
      url: `${h.sandbox.url}/marketplace/view/${h.sandbox.app.clientId}/?params%5Bapproval%5D=01JABCDEF`,
    })
    const bad = await h.server.app.request('/api/b24/portal-link?approval=..%2Fsettings')
    expect(bad.status).toBe(400)
  })
})
