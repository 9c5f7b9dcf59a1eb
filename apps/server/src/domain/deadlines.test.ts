import { describe, expect, it } from 'vitest'
import type { ApprovalCommand } from './approval-commands.ts'
import { accepted, answer, applyAll, ctxAt, startApproval } from '../test-support/approval-builders.ts'
import { applyCommand } from './approval-machine.ts'
import { listDeadlineAt } from './deadlines.ts'

const deadlineDue: ApprovalCommand = { type: 'deadline-due', org: { departments: [], userDepartments: {} } }
// START is Wednesday 2026-11-25 09:00 Moscow; 4 working hours of a stage end at 13:00 Moscow (10:00 UTC).
const stageDeadline = (action: 'mark-overdue' | 'approve') => ({
  stages: [{ approverIds: [10], rule: { kind: 'all' as const }, deadline: { workingHours: 4, action } }],
})

describe('listDeadlineAt', () => {
  it.each([
    ['no deadline', {}, null],
    [
      'the approval deadline',
      { deadline: { dueAt: '2026-11-27T12:00:00+03:00', action: 'reject' } },
      '2026-11-27T09:00:00.000Z',
    ],
    ['the stage deadline', stageDeadline('approve'), '2026-11-25T10:00:00.000Z'],
    [
      'the earlier of the two',
      { ...stageDeadline('approve'), deadline: { dueAt: '2026-11-25T08:00:00Z', action: 'reject' } },
      '2026-11-25T08:00:00.000Z',
    ],
  ] as const)('of a pending approval with %s', (_name, overrides, expected) => {
    expect(listDeadlineAt(startApproval(overrides as never))).toBe(expected)
  })

  it('keeps the stage deadline once it marked the stage overdue, so overdue approvals sort first', () => {
    const overdue = accepted(
      applyCommand(
        startApproval(stageDeadline('mark-overdue')),
        deadlineDue,
        ctxAt('2026-11-25T10:00:00.000Z', 'system'),
      ),
    )
    expect(overdue.state.rounds[0]?.stages[0]?.dueAt).toBeNull()
    expect(listDeadlineAt(overdue.state)).toBe('2026-11-25T10:00:00.000Z')
  })

  it('keeps the approval deadline after it fired without closing the approval', () => {
    const approval = startApproval({ deadline: { dueAt: '2026-11-25T08:00:00Z', action: 'mark-overdue' } })
    const fired = accepted(applyCommand(approval, deadlineDue, ctxAt('2026-11-25T08:00:00.000Z', 'system'))).state
    expect(fired.deadline?.firedAt).not.toBeNull()
    expect(listDeadlineAt(fired)).toBe('2026-11-25T08:00:00.000Z')
  })

  it('is null once the approval is closed', () => {
    const approval = startApproval({ deadline: { dueAt: '2026-11-27T09:00:00Z', action: 'reject' } })
    const closed = applyAll(approval, [answer(10, 'reject')])
    expect(closed.status).toBe('rejected')
    expect(listDeadlineAt(closed)).toBeNull()
  })
})
