import { describe, expect, it } from 'vitest'
import type { Actor, Approval } from './approval.ts'
import type { ApprovalCommand } from './approval-commands.ts'
import { accepted, answer, applyAll, ctxAt, INITIATOR, startApproval } from '../test-support/approval-builders.ts'
import { applyCommand } from './approval-machine.ts'

const AT = '2026-11-25T08:00:00.000Z'
const user = (userId: number): Actor => ({ userId, isAdmin: false })
const admin: Actor = { userId: 1, isAdmin: true }
const apply = (approval: Approval, command: ApprovalCommand) => applyCommand(approval, command, ctxAt(AT))
const reassign = (actor: Actor, fromUserId: number, toUserId: number, reason = 'on leave'): ApprovalCommand => ({
  type: 'reassign',
  actor,
  fromUserId,
  toUserId,
  reason,
})

describe('reassign', () => {
  it('an approver hands their place over; the new holder answers acting for them', () => {
    const result = accepted(apply(startApproval(), reassign(user(10), 10, 20)))
    expect(result.state.rounds[0]?.stages[0]?.seats[0]).toEqual({
      ...{ userId: 20, originalUserId: 10, handedOver: 'reassignment', response: null },
    })
    expect(result.effects).toEqual([
      { type: 'task-complete', userId: 10, round: 1, stageIndex: 0, reason: 'handed-over' },
      {
        ...{ type: 'task-create', userId: 20, round: 1, stageIndex: 0, deadlineAt: null },
        behalf: { userId: 10, reason: 'reassignment' },
      },
      { type: 'notify-approvers', userIds: [20], reason: 'handover' },
      { type: 'update-cards' },
    ])
    expect(result.state.audit.at(-1)).toMatchObject({
      action: 'reassign',
      actorId: 10,
      actingFor: null,
      comment: 'on leave',
      handovers: [{ fromUserId: 10, toUserId: 20 }],
    })
    const answered = applyAll(result.state, [answer(20, 'approve')], AT)
    expect(answered.audit.at(-1)).toMatchObject({ action: 'approve', actorId: 20, actingFor: 10 })
    expect(apply(result.state, answer(10, 'approve'))).toMatchObject({ ok: false, code: 'NOT_AN_APPROVER' })
  })

  it('an admin reassigns someone else’s place, recorded as acting for that approver', () => {
    const state = accepted(apply(startApproval(), reassign(admin, 11, 21, 'left the company'))).state
    expect(state.audit.at(-1)).toMatchObject({
      actorId: 1,
      actingFor: 11,
      handovers: [{ fromUserId: 11, toUserId: 21 }],
    })
  })

  it.each<[string, () => Approval, ApprovalCommand, string]>([
    ['another approver moving someone else’s place', startApproval, reassign(user(11), 10, 20), 'NOT_ALLOWED'],
    ['the initiator moving a place', startApproval, reassign(user(INITIATOR), 10, 20), 'NOT_ALLOWED'],
    ['a blank reason', startApproval, reassign(user(10), 10, 20, '   '), 'REASON_REQUIRED'],
    ['a target already in the stage', startApproval, reassign(user(10), 10, 12), 'ALREADY_AN_APPROVER'],
    ['a target that is not a user id', startApproval, reassign(user(10), 10, 0), 'INVALID_INPUT'],
    ['a target equal to the holder', startApproval, reassign(admin, 10, 10), 'ALREADY_AN_APPROVER'],
    [
      'a place that already answered',
      () => applyAll(startApproval(), [answer(10, 'approve')]),
      reassign(user(10), 10, 20),
      'ALREADY_ANSWERED',
    ],
    ['an admin moving a place nobody holds', startApproval, reassign(admin, 77, 20), 'NOT_AN_APPROVER'],
    [
      'a returned approval',
      () => applyAll(startApproval(), [answer(10, 'send-back')]),
      reassign(admin, 11, 20),
      'AWAITING_RESUBMIT',
    ],
    [
      'an approved approval',
      () =>
        applyAll(
          startApproval(),
          [10, 11, 12].map((u) => answer(u, 'approve')),
        ),
      reassign(admin, 11, 20),
      'ALREADY_DECIDED',
    ],
  ])('refuses %s', (_name, build, command, code) => {
    expect(apply(build(), command)).toMatchObject({ ok: false, code })
  })
})

describe('cancel', () => {
  it('the initiator cancels: tasks closed, cards updated, no notice to themselves', () => {
    const result = accepted(
      apply(startApproval({}, 'evt-9'), { type: 'cancel', actor: user(INITIATOR), reason: 'deal lost' }),
    )
    expect(result.state).toMatchObject({ status: 'cancelled', closedAt: AT })
    expect(result.effects).toEqual([
      { type: 'update-cards' },
      ...[10, 11, 12].map((userId) => ({
        type: 'task-complete',
        userId,
        round: 1,
        stageIndex: 0,
        reason: 'stage-ended',
      })),
      { type: 'robot-result', outcome: 'cancelled' },
    ])
    expect(result.state.audit.at(-1)).toMatchObject({
      action: 'cancel',
      actorId: 3,
      actingFor: null,
      comment: 'deal lost',
      outcome: 'cancelled',
    })
  })

  it('an admin cancels for the initiator, who is told', () => {
    const result = accepted(apply(startApproval(), { type: 'cancel', actor: admin, reason: 'duplicate' }))
    expect(result.state.audit.at(-1)).toMatchObject({ actorId: 1, actingFor: INITIATOR })
    expect(result.effects).toContainEqual({ type: 'notify-initiator', event: 'outcome', outcome: 'cancelled' })
  })

  it('a returned approval can be cancelled; its last round stays "returned"', () => {
    const returned = applyAll(startApproval(), [answer(10, 'send-back')])
    const state = accepted(
      apply(returned, { type: 'cancel', actor: user(INITIATOR), reason: 'no longer needed' }),
    ).state
    expect(state.status).toBe('cancelled')
    expect(state.rounds[0]?.outcome).toBe('returned')
  })

  it.each<[string, Actor, string, string]>([
    ['an approver', user(10), 'why not', 'NOT_ALLOWED'],
    ['a stranger', user(99), 'why not', 'NOT_ALLOWED'],
    ['the initiator without a reason', user(INITIATOR), ' ', 'REASON_REQUIRED'],
  ])('refuses %s', (_name, actor, reason, code) => {
    expect(apply(startApproval(), { type: 'cancel', actor, reason })).toMatchObject({ ok: false, code })
  })
})

describe('remind', () => {
  it('the initiator reminds the approvers who have not answered', () => {
    const state = applyAll(startApproval(), [answer(11, 'approve')])
    const result = accepted(apply(state, { type: 'remind', actor: user(INITIATOR) }))
    expect(result.effects).toEqual([{ type: 'notify-approvers', userIds: [10, 12], reason: 'reminder' }])
    expect(result.state.audit.at(-1)).toMatchObject({ action: 'remind', actorId: INITIATOR })
    expect(result.state.rounds[0]?.stages[0]?.remindersSent).toBe(0)
  })

  it('an approver may not send reminders', () => {
    expect(apply(startApproval(), { type: 'remind', actor: user(10) })).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
    })
  })
})

describe('resubmit', () => {
  const returned = () =>
    applyAll(startApproval({ subject: { kind: 'deal', id: 42 } }), [
      answer(11, 'approve'),
      answer(12, 'send-back', 'fix the amount'),
    ])
  const resubmit = (actor: Actor, changes: object = {}): ApprovalCommand => ({
    type: 'resubmit',
    actor,
    changes,
    comment: 'amount fixed',
  })

  it('starts round 2 with the edits; round 1 keeps its answers', () => {
    const result = accepted(
      apply(
        returned(),
        resubmit(user(INITIATOR), {
          title: 'Discount 10%',
          stages: [{ approverIds: [11, 13], rule: { kind: 'any' } }],
        }),
      ),
    )
    const { state } = result
    expect(state).toMatchObject({ status: 'pending', title: 'Discount 10%' })
    expect(state.rounds.map((round) => [round.number, round.title, round.outcome])).toEqual([
      [1, 'Discount 15% for ООО «Вектор»', 'returned'],
      [2, 'Discount 10%', null],
    ])
    expect(state.rounds[0]?.stages[0]?.seats.map((seat) => seat.response?.kind ?? null)).toEqual([
      null,
      'approve',
      'send-back',
    ])
    expect(state.rounds[1]?.stages[0]?.seats).toEqual([
      { userId: 11, originalUserId: 11, response: null },
      { userId: 13, originalUserId: 13, response: null },
    ])
    expect(result.effects).toEqual([
      { type: 'notify-approvers', userIds: [11, 13], reason: 'stage-started' },
      { type: 'task-create', userId: 11, round: 2, stageIndex: 0, deadlineAt: null },
      { type: 'task-create', userId: 13, round: 2, stageIndex: 0, deadlineAt: null },
      { type: 'timeline-comment', event: 'started', round: 2 },
    ])
    expect(state.audit.at(-1)).toMatchObject({ action: 'resubmit', round: 2, comment: 'amount fixed' })
    expect(applyAll(state, [answer(11, 'approve')], AT).status).toBe('approved')
  })

  it.each<[string, () => Approval, ApprovalCommand, string]>([
    ['someone other than the initiator', returned, resubmit(admin), 'NOT_ALLOWED'],
    ['a pending approval', startApproval, resubmit(user(INITIATOR)), 'NOT_RETURNED'],
    ['an empty title', returned, resubmit(user(INITIATOR), { title: '' }), 'INVALID_INPUT'],
    [
      'a deadline in the past',
      returned,
      resubmit(user(INITIATOR), { deadline: { dueAt: '2026-11-25T07:00:00Z', action: 'reject' } }),
      'INVALID_INPUT',
    ],
    [
      'a cancelled approval',
      () => applyAll(returned(), [{ type: 'cancel', actor: user(INITIATOR), reason: 'x' }]),
      resubmit(user(INITIATOR)),
      'ALREADY_DECIDED',
    ],
  ])('refuses %s', (_name, build, command, code) => {
    expect(apply(build(), command)).toMatchObject({ ok: false, code })
  })
})
