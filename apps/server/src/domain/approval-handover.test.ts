import { describe, expect, it } from 'vitest'
import { accepted, answer, applyAll, ctxAt, START, startApproval } from '../test-support/approval-builders.ts'
import type { OrgStructure } from './escalation.ts'
import { applyCommand } from './approval-machine.ts'

/** Users 10–12 in department 2 (head 20); department 2 under department 1 (head 30). */
const org: OrgStructure = {
  departments: [
    { id: 1, parentId: null, headId: 30 },
    { id: 2, parentId: 1, headId: 20 },
  ],
  userDepartments: { '10': [2], '11': [2], '12': [2], '20': [2] },
}
const left = (userId: number) => ({ type: 'approver-left' as const, userId, org })

describe('approver-left', () => {
  it('hands the leaver’s open place to their head, audited as the system acting for them, initiator told', () => {
    const { state, effects } = accepted(applyCommand(startApproval(), left(11), ctxAt(START, 'system')))
    const seats = state.rounds.at(-1)!.stages[0]!.seats
    expect(seats.map((s) => [s.userId, s.originalUserId])).toEqual([
      [10, 10],
      [20, 11],
      [12, 12],
    ])
    expect(state.audit.at(-1)).toMatchObject({
      action: 'escalate',
      actorId: null,
      actingFor: 11,
      handovers: [{ fromUserId: 11, toUserId: 20 }],
    })
    expect(effects).toContainEqual({ type: 'notify-initiator', event: 'approver-left', outcome: null })
    expect(effects).toContainEqual({ type: 'notify-approvers', userIds: [20], reason: 'handover' })
  })

  it('goes one level up when the head already decides in the stage', () => {
    const withHead = startApproval({ stages: [{ approverIds: [11, 20], rule: { kind: 'all' } }] })
    const { state } = accepted(applyCommand(withHead, left(11), ctxAt(START, 'system')))
    expect(state.rounds.at(-1)!.stages[0]!.seats.map((s) => s.userId)).toEqual([30, 20])
  })

  it('refuses a user who already answered or holds no place, changing nothing', () => {
    const answered = applyAll(startApproval(), [answer(11, 'approve')])
    expect(applyCommand(answered, left(11), ctxAt(START, 'system'))).toMatchObject({
      ok: false,
      code: 'NOT_AN_APPROVER',
    })
    expect(applyCommand(startApproval(), left(99), ctxAt(START, 'system'))).toMatchObject({ ok: false })
  })

  it('refuses when nobody can take the place', () => {
    const lonely = { departments: [], userDepartments: {} }
    const result = applyCommand(startApproval(), { ...left(11), org: lonely }, ctxAt(START, 'system'))
    // The initiator is the last resort only when self-approval is allowed.
    expect(result).toMatchObject({ ok: false, code: 'NO_HANDOVER_TARGET' })
  })
})
