import { describe, expect, it } from 'vitest'
import type { Approval, TimeoutAction } from './approval.ts'
import type { ApprovalCommand } from './approval-commands.ts'
import { accepted, answer, applyAll, ctxAt, startApproval } from '../test-support/approval-builders.ts'
import { applyCommand } from './approval-machine.ts'
import { nextDueTimes } from './deadlines.ts'
import type { OrgStructure } from './escalation.ts'

const reminderDue: ApprovalCommand = { type: 'reminder-due' }
// Finance (head 6) under the company (head 1); 7 and 8 work in finance.
const org: OrgStructure = {
  departments: [
    { id: 1, parentId: null, headId: 1 },
    { id: 3, parentId: 1, headId: 6 },
  ],
  userDepartments: { '6': [3], '7': [3], '8': [3] },
}
const deadlineDue: ApprovalCommand = { type: 'deadline-due', org }
const tick = (approval: Approval, command: ApprovalCommand, at: string) =>
  applyCommand(approval, command, ctxAt(at, 'system'))

describe('reminders', () => {
  // Every 2 working hours, at most 2: Wednesday 9:00 Moscow → 11:00 → 13:00.
  const approval = () => startApproval({ reminders: { everyWorkingHours: 2, maxCount: 2 } })

  it('goes out when due, to the approvers who have not answered, and schedules the next one', () => {
    const answered = applyAll(approval(), [answer(12, 'approve')])
    expect(tick(answered, reminderDue, '2026-11-25T07:59:59.000Z')).toMatchObject({ ok: false, code: 'NOT_DUE' })
    const first = accepted(tick(answered, reminderDue, '2026-11-25T08:00:00.000Z'))
    expect(first.effects).toEqual([
      { type: 'notify-approvers', userIds: [10, 11], reason: 'reminder' },
      { type: 'schedule', timer: 'reminder', dueAt: '2026-11-25T10:00:00.000Z' },
    ])
    expect(first.state.audit.at(-1)).toMatchObject({ action: 'remind', actorId: null, channel: 'system' })
    const second = accepted(tick(first.state, reminderDue, '2026-11-25T10:00:00.000Z'))
    expect(second.state.rounds[0]?.stages[0]).toMatchObject({ remindersSent: 2, nextReminderAt: null })
    expect(second.effects.at(-1)).toEqual({ type: 'schedule', timer: 'reminder', dueAt: null })
    expect(tick(second.state, reminderDue, '2026-11-26T10:00:00.000Z')).toMatchObject({ ok: false, code: 'NOT_DUE' })
  })

  it('a late-afternoon reminder schedules the next one into the next working morning', () => {
    const state = startApproval({ reminders: { everyWorkingHours: 8, maxCount: 3 } })
    // 9:00 + 8 working hours = 17:00 Moscow; the next 8 working hours end at 16:00 the next day.
    expect(nextDueTimes(state).reminderAt).toBe('2026-11-25T14:00:00.000Z')
    const next = accepted(tick(state, reminderDue, '2026-11-25T14:00:00.000Z')).state
    expect(nextDueTimes(next).reminderAt).toBe('2026-11-26T13:00:00.000Z')
  })

  it('a new stage starts its own reminder count', () => {
    const state = startApproval({
      reminders: { everyWorkingHours: 1, maxCount: 1 },
      stages: [
        { approverIds: [10], rule: { kind: 'any' } },
        { approverIds: [20], rule: { kind: 'any' } },
      ],
    })
    const reminded = accepted(tick(state, reminderDue, '2026-11-25T07:00:00.000Z')).state
    expect(nextDueTimes(reminded).reminderAt).toBeNull()
    const next = applyAll(reminded, [answer(10, 'approve')], '2026-11-25T08:00:00.000Z')
    expect(nextDueTimes(next).reminderAt).toBe('2026-11-25T09:00:00.000Z')
  })
})

describe('deadlines', () => {
  const withStageDeadline = (action: TimeoutAction, approverIds = [10, 11, 12], isSelfApprovalAllowed = true) =>
    startApproval(
      {
        subject: { kind: 'deal', id: 42 },
        stages: [
          { approverIds, rule: { kind: 'all' }, deadline: { workingHours: 4, action } },
          { approverIds: [20], rule: { kind: 'any' } },
        ],
      },
      'evt-1',
      isSelfApprovalAllowed,
    )
  const DUE = '2026-11-25T10:00:00.000Z' // Wednesday 9:00 + 4 working hours = 13:00 Moscow

  it('is not due before its time', () => {
    expect(tick(withStageDeadline('reject'), deadlineDue, '2026-11-25T09:59:00.000Z')).toMatchObject({
      ok: false,
      code: 'NOT_DUE',
    })
  })

  it('reject: the approval expires', () => {
    const result = accepted(tick(withStageDeadline('reject'), deadlineDue, DUE))
    expect(result.state).toMatchObject({ status: 'expired', closedAt: DUE })
    expect(result.effects).toContainEqual({ type: 'robot-result', outcome: 'expired' })
    expect(result.effects).toContainEqual({ type: 'timeline-comment', event: 'finished', round: 1 })
    expect(result.effects).toContainEqual({ type: 'schedule', timer: 'deadline', dueAt: null })
    expect(result.state.audit.at(-1)).toMatchObject({
      action: 'timeout',
      actorId: null,
      timeoutAction: 'reject',
      outcome: 'expired',
    })
  })

  it('approve: the stage passes and the next one starts', () => {
    const result = accepted(tick(withStageDeadline('approve'), deadlineDue, DUE))
    expect(result.state.status).toBe('pending')
    expect(result.state.rounds[0]).toMatchObject({ stageIndex: 1 })
    expect(result.state.rounds[0]?.stages[0]?.outcome).toBe('approved')
    expect(result.effects).toContainEqual({ type: 'notify-approvers', userIds: [20], reason: 'stage-started' })
  })

  it('mark-overdue: flags the stage, tells the initiator, changes nothing else', () => {
    const result = accepted(tick(withStageDeadline('mark-overdue'), deadlineDue, DUE))
    expect(result.state.status).toBe('pending')
    expect(result.state.rounds[0]?.stages[0]).toMatchObject({ overdueAt: DUE, dueAt: null })
    expect(result.effects).toEqual([
      { type: 'update-cards' },
      { type: 'notify-initiator', event: 'overdue', outcome: null },
      { type: 'schedule', timer: 'deadline', dueAt: null },
    ])
  })

  it('escalate: unanswered places go to the department heads, then with nobody above the stage is only marked overdue', () => {
    const answered = applyAll(withStageDeadline('escalate', [6, 7, 8]), [answer(6, 'approve')])
    const result = accepted(tick(answered, deadlineDue, DUE))
    // 7 → head of finance is 6, already in the stage → company head 1; 8 → 6 and 1 taken → initiator 3.
    expect(result.state.rounds[0]?.stages[0]?.seats.map((seat) => [seat.originalUserId, seat.userId])).toEqual([
      [6, 6],
      [7, 1],
      [8, 3],
    ])
    expect(result.state.audit.at(-1)).toMatchObject({
      action: 'timeout',
      timeoutAction: 'escalate',
      handovers: [
        { fromUserId: 7, toUserId: 1 },
        { fromUserId: 8, toUserId: 3 },
      ],
    })
    expect(result.effects).toEqual([
      { type: 'update-cards' },
      { type: 'task-complete', userId: 7, round: 1, stageIndex: 0, reason: 'handed-over' },
      {
        ...{ type: 'task-create', userId: 1, round: 1, stageIndex: 0, deadlineAt: '2026-11-25T14:00:00.000Z' },
        behalf: { userId: 7, reason: 'escalation' },
      },
      { type: 'task-complete', userId: 8, round: 1, stageIndex: 0, reason: 'handed-over' },
      {
        ...{ type: 'task-create', userId: 3, round: 1, stageIndex: 0, deadlineAt: '2026-11-25T14:00:00.000Z' },
        behalf: { userId: 8, reason: 'escalation' },
      },
      { type: 'notify-approvers', userIds: [1, 3], reason: 'handover' },
      { type: 'notify-initiator', event: 'escalated', outcome: null },
      { type: 'schedule', timer: 'deadline', dueAt: '2026-11-25T14:00:00.000Z' },
    ])
    const again = accepted(tick(result.state, deadlineDue, '2026-11-25T14:00:00.000Z'))
    expect(again.state.audit.at(-1)).toMatchObject({ timeoutAction: 'mark-overdue', handovers: [] })
    expect(again.state.rounds[0]?.stages[0]?.overdueAt).toBe('2026-11-25T14:00:00.000Z')
    expect(applyAll(again.state, [answer(1, 'approve'), answer(3, 'approve')], DUE).rounds[0]?.stageIndex).toBe(1)
  })

  it('escalate never hands a place to the initiator when the portal does not allow self-approval', () => {
    const answered = applyAll(withStageDeadline('escalate', [6, 7, 8], false), [answer(6, 'approve')])
    const result = accepted(tick(answered, deadlineDue, DUE))
    // 7 → head 6 is in the stage → company head 1; 8 → 6 and 1 taken, the initiator 3 is excluded → stays.
    expect(result.state.rounds[0]?.stages[0]?.seats.map((seat) => [seat.originalUserId, seat.userId])).toEqual([
      [6, 6],
      [7, 1],
      [8, 8],
    ])
    expect(result.state.audit.at(-1)).toMatchObject({ handovers: [{ fromUserId: 7, toUserId: 1 }] })
  })

  it('escalate with nobody to take a place only marks the stage overdue', () => {
    const lonely = startApproval(
      { stages: [{ approverIds: [3], rule: { kind: 'any' }, deadline: { workingHours: 4, action: 'escalate' } }] },
      undefined,
      true,
    )
    const result = accepted(tick(lonely, { type: 'deadline-due', org: { departments: [], userDepartments: {} } }, DUE))
    expect(result.state.audit.at(-1)).toMatchObject({ timeoutAction: 'mark-overdue' })
  })

  describe('the approval’s own deadline', () => {
    const withOwn = (action: TimeoutAction, isSelfApprovalAllowed = true) =>
      startApproval(
        {
          deadline: { dueAt: '2026-11-27T15:00:00.000Z', action },
          stages: [
            { approverIds: [10], rule: { kind: 'any' }, deadline: { workingHours: 40, action: 'mark-overdue' } },
            { approverIds: [20], rule: { kind: 'any' } },
          ],
        },
        undefined,
        isSelfApprovalAllowed,
      )
    const OWN = '2026-11-27T15:00:00.000Z'

    it('is the deadline timer while it is earlier than the stage’s', () => {
      expect(nextDueTimes(withOwn('reject')).deadlineAt).toBe(OWN)
    })

    it('approve: the whole approval is approved, later stages never start', () => {
      const state = accepted(tick(withOwn('approve'), deadlineDue, OWN)).state
      expect(state.status).toBe('approved')
      expect(state.rounds[0]?.stages[1]?.startedAt).toBeNull()
      expect(state.deadline?.firedAt).toBe(OWN)
    })

    it('mark-overdue fires once and the stage deadline takes over', () => {
      const state = accepted(tick(withOwn('mark-overdue'), deadlineDue, OWN)).state
      expect(state.overdueAt).toBe(OWN)
      // Stage: Wednesday 9:00 + 40 working hours (9 + 9 + 9 + 9 + 4) = next Tuesday 13:00 Moscow.
      expect(nextDueTimes(state).deadlineAt).toBe('2026-12-01T10:00:00.000Z')
    })

    it('escalate hands the place to the initiator when the approver has no head', () => {
      const state = accepted(tick(withOwn('escalate'), deadlineDue, OWN)).state
      expect(state.rounds[0]?.stages[0]?.seats[0]).toMatchObject({ userId: 3, originalUserId: 10 })
    })

    it('escalate without self-approval leaves the place and only marks the approval overdue', () => {
      const state = accepted(tick(withOwn('escalate', false), deadlineDue, OWN)).state
      expect(state.rounds[0]?.stages[0]?.seats[0]).toMatchObject({ userId: 10, originalUserId: 10 })
      expect(state.audit.at(-1)).toMatchObject({ timeoutAction: 'mark-overdue', handovers: [] })
    })
  })

  it('a returned approval has no timers, and a stale deadline tick is NOT_DUE', () => {
    const returned = applyAll(withStageDeadline('reject'), [answer(10, 'send-back')])
    expect(nextDueTimes(returned)).toEqual({ reminderAt: null, deadlineAt: null })
    expect(tick(returned, deadlineDue, DUE)).toMatchObject({ ok: false, code: 'NOT_DUE' })
  })
})
