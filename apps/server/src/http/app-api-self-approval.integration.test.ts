/**
 * No self-approval by default, through the SPA API against the Bitrix24 sandbox: an initiator naming themselves
 * as approver, or a place handed to them or to someone already deciding in the stage, is refused with a clear
 * 400/409 and creates nothing; a portal admin can allow it, and each change of that setting is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approvalTasks, startApprovalHarness, type ApprovalHarness } from '../test-support/approval-harness.ts'

let h: ApprovalHarness
beforeAll(async () => {
  h = await startApprovalHarness()
})
afterAll(() => h.close())

const INITIATOR = 3
const ADMIN = 1
const ownStage = { approverIds: [2, INITIATOR], rule: { kind: 'all' } }

async function setSelfApproval(isAllowed: boolean) {
  const { body } = await h.api(ADMIN, 'GET', '/api/app/settings')
  const res = await h.api(ADMIN, 'PUT', '/api/app/settings', { ...body.settings, isSelfApprovalAllowed: isAllowed })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}

describe('self-approval', () => {
  it('refuses an approval that names its initiator as an approver, and creates nothing', async () => {
    const tasksBefore = h.sandbox.tasks().length
    const res = await h.api(INITIATOR, 'POST', '/api/app/approvals', { title: 'Премия себе', stages: [ownStage] })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({
      code: 'SELF_APPROVAL',
      message: expect.stringMatching(/own request/),
      details: [{ path: 'stages.0.approverIds', message: expect.any(String) }],
    })
    await h.drain()
    expect(h.sandbox.tasks().length).toBe(tasksBefore)
    const mine = await h.api(INITIATOR, 'GET', '/api/app/approvals?role=initiator')
    expect(mine.body.items).toEqual([])
  })

  it('refuses a place handed to the initiator, or to someone already deciding in the stage', async () => {
    const created = await h.api(INITIATOR, 'POST', '/api/app/approvals', {
      title: 'Закупка',
      stages: [{ approverIds: [2, 6], rule: { kind: 'all' } }],
    })
    expect(created.status).toBe(201)
    const id = created.body.approval.id as string
    const toInitiator = await h.api(ADMIN, 'POST', `/api/app/approvals/${id}/reassign`, {
      ...{ fromUserId: 2, toUserId: INITIATOR, reason: 'В отпуске' },
    })
    expect(toInitiator.status).toBe(400)
    expect(toInitiator.body.error).toMatchObject({ code: 'SELF_APPROVAL', message: expect.stringMatching(/initiator/) })
    const toDeciding = await h.api(2, 'POST', `/api/app/approvals/${id}/reassign`, {
      ...{ fromUserId: 2, toUserId: 6, reason: 'В отпуске' },
    })
    expect(toDeciding.status).toBe(409)
    expect(toDeciding.body.error).toMatchObject({
      code: 'ALREADY_AN_APPROVER',
      message: expect.stringMatching(/already/),
    })
    const seats = (await h.api(INITIATOR, 'GET', `/api/app/approvals/${id}`)).body.approval.rounds[0].stages[0].seats
    expect(seats.map((seat: { userId: number }) => seat.userId)).toEqual([2, 6])
  })

  it('allows it once an admin switches it on, and records who switched it and when', async () => {
    const nonAdmin = await h.api(INITIATOR, 'PUT', '/api/app/settings', { isSelfApprovalAllowed: true })
    expect(nonAdmin.status).toBe(403)
    const saved = await setSelfApproval(true)
    expect(saved.settings.isSelfApprovalAllowed).toBe(true)
    expect(saved.history).toEqual([
      { at: expect.any(String), userId: ADMIN, setting: 'isSelfApprovalAllowed', value: true },
    ])
    const res = await h.api(INITIATOR, 'POST', '/api/app/approvals', { title: 'Премия себе', stages: [ownStage] })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    await h.drain()
    expect(
      approvalTasks(h.sandbox, res.body.approval.id)
        .map((t) => t.RESPONSIBLE_ID)
        .sort(),
    ).toEqual([2, 3])
    // Saving again without a change adds nothing; switching it off is recorded too.
    await setSelfApproval(true)
    const off = await setSelfApproval(false)
    expect(off.history.map((change: { value: boolean }) => change.value)).toEqual([true, false])
    expect((await h.api(INITIATOR, 'GET', '/api/app/settings')).body.history).toHaveLength(2)
  })
})
