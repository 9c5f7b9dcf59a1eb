import { describe, expect, it } from 'vitest'
import { accepted, answer, ctxAt, draftOf, INITIATOR, START } from '../test-support/approval-builders.ts'
import type { Approval, Directory, Leaver } from './approval.ts'
import { createApproval } from './approval-create.ts'
import { applyCommand } from './approval-machine.ts'
import type { ApprovalDraftInput } from './approval-schemas.ts'
import type { OrgStructure } from './escalation.ts'

/**
 * Department 2 (head 20) under department 1 (head 30). 10–12 and 13 work in department 2; the structure lists
 * active users only, so a leaver's departments come with the leaver.
 */
const org: OrgStructure = {
  departments: [
    { id: 1, parentId: null, headId: 30 },
    { id: 2, parentId: 1, headId: 20 },
  ],
  userDepartments: { '10': [2], '12': [2], '13': [2], '20': [2], '30': [1] },
}
const leaver = (userId: number, departmentIds = [2]): Leaver => ({ userId, departmentIds })
const directory = (leavers: Leaver[], structure = org): Directory => ({ org: structure, absences: [], leavers })

/** Two stages: 10 then 11 + 12 under `all`, created by the initiator with `leavers` known. */
function twoStages(leavers: Leaver[], overrides: Partial<ApprovalDraftInput> = {}): Approval {
  const draft = draftOf({
    stages: [
      { approverIds: [10], rule: { kind: 'all' } },
      { approverIds: [11, 12], rule: { kind: 'all' } },
    ],
    ...overrides,
  })
  const command = { draft, memberId: 'a1b2c3', initiatorId: INITIATOR, isSelfApprovalAllowed: false }
  const ctx = { ...ctxAt(START), id: '01JDAPPROVAL00000000000002', directory: directory(leavers) }
  return accepted(createApproval(command, ctx)).state
}

/** Approver 10 approves stage 1 with `leavers` known then. */
function passFirstStage(approval: Approval, leavers: Leaver[], structure = org) {
  return accepted(
    applyCommand(approval, answer(10, 'approve'), { ...ctxAt(START), directory: directory(leavers, structure) }),
  )
}

describe('a leaver in a stage that has not started', () => {
  it('is never seated: their head takes the place when the stage starts, the initiator is told', () => {
    const { state, effects } = passFirstStage(twoStages([]), [leaver(11)])
    const stage = state.rounds[0]!.stages[1]!
    expect(stage.seats.map((s) => [s.userId, s.originalUserId])).toEqual([
      [20, 11],
      [12, 12],
    ])
    expect(stage.resolution?.leavers).toEqual([{ userId: 11, toUserId: 20 }])
    expect(effects).toContainEqual({ type: 'notify-initiator', event: 'approver-left', outcome: null })
    expect(effects).toContainEqual({ type: 'notify-approvers', userIds: [20, 12], reason: 'stage-started' })
    const tasksFor = effects.filter((e) => e.type === 'task-create').map((e) => (e as { userId: number }).userId)
    expect(tasksFor).toEqual([20, 12])
    expect(JSON.stringify(effects)).not.toMatch(/"userId":11\b/)
  })

  it('goes one level up when the head already decides in the stage, and never to another leaver', () => {
    const withHead = twoStages([], {
      stages: [
        { approverIds: [10], rule: { kind: 'all' } },
        { approverIds: [11, 20], rule: { kind: 'all' } },
      ],
    })
    expect(passFirstStage(withHead, [leaver(11)]).state.rounds[0]!.stages[1]!.seats.map((s) => s.userId)).toEqual([
      30, 20,
    ])
    const headLeft = passFirstStage(twoStages([]), [leaver(11), leaver(20)])
    expect(headLeft.state.rounds[0]!.stages[1]!.seats.map((s) => s.userId)).toEqual([30, 12])
  })

  it('drops the place when nobody can take it; the rule counts the places left', () => {
    const lonely: OrgStructure = { departments: [], userDepartments: {} }
    const quorum = twoStages([], {
      stages: [
        { approverIds: [10], rule: { kind: 'all' } },
        { approverIds: [11, 12, 13], rule: { kind: 'quorum', count: 3 } },
      ],
    })
    const { state } = passFirstStage(quorum, [leaver(11, [])], lonely)
    const stage = state.rounds[0]!.stages[1]!
    expect(stage.seats.map((s) => s.userId)).toEqual([12, 13])
    expect(stage.rule).toEqual({ kind: 'quorum', count: 2 })
    expect(stage.resolution?.leavers).toEqual([{ userId: 11, toUserId: null }])
  })

  it('passes over a stage left with nobody, and says why', () => {
    const lonely: OrgStructure = { departments: [], userDepartments: {} }
    const solo = twoStages([], {
      stages: [
        { approverIds: [10], rule: { kind: 'all' } },
        { approverIds: [11], rule: { kind: 'all' } },
      ],
    })
    const { state, effects } = passFirstStage(solo, [leaver(11, [])], lonely)
    expect(state.rounds[0]!.stages[1]!.resolution).toMatchObject({
      skipped: { kind: 'no-approvers' },
      leavers: [{ userId: 11, toUserId: null }],
    })
    expect(state.status).toBe('approved')
    expect(effects).toContainEqual({ type: 'notify-initiator', event: 'approver-left', outcome: null })
  })

  it('replaces a leaver a role names (a department’s head), and a leaver of the first stage at creation', () => {
    const byRole = twoStages([], {
      stages: [
        { approverIds: [10], rule: { kind: 'all' } },
        { approverIds: [], roles: [{ kind: 'department-head', departmentId: 2 }], rule: { kind: 'all' } },
      ],
    })
    expect(passFirstStage(byRole, [leaver(20)]).state.rounds[0]!.stages[1]!.seats.map((s) => s.userId)).toEqual([30])
    const first = twoStages([leaver(10)])
    expect(first.rounds[0]!.stages[0]!.seats.map((s) => [s.userId, s.originalUserId])).toEqual([[20, 10]])
  })

  it('changes nothing when no approver of the stage left', () => {
    const { state, effects } = passFirstStage(twoStages([]), [leaver(13)])
    expect(state.rounds[0]!.stages[1]!.seats.map((s) => s.userId)).toEqual([11, 12])
    expect(state.rounds[0]!.stages[1]!.resolution).not.toHaveProperty('leavers')
    expect(effects).not.toContainEqual({ type: 'notify-initiator', event: 'approver-left', outcome: null })
  })
})
