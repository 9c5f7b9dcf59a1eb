import { describe, expect, it } from 'vitest'
import type { ApprovalCommand } from './approval-commands.ts'
import { createApproval } from './approval-create.ts'
import {
  accepted,
  answer,
  applyAll,
  ctxAt,
  draftOf,
  INITIATOR,
  START,
  startApproval,
} from '../test-support/approval-builders.ts'
import { applyCommand } from './approval-machine.ts'

const AT = '2026-11-25T08:00:00.000Z'
const admin = { userId: 1, isAdmin: true }
const reassign = (toUserId: number, fromUserId = 10): ApprovalCommand => ({
  type: 'reassign',
  actor: admin,
  fromUserId,
  toUserId,
  reason: 'on leave',
})
const resubmit = (approverIds: number[]): ApprovalCommand => ({
  type: 'resubmit',
  actor: { userId: INITIATOR, isAdmin: false },
  changes: { stages: [{ approverIds, rule: { kind: 'all' } }] },
})

describe('self-approval', () => {
  it.each([
    { name: 'the only approver', stages: [{ approverIds: [INITIATOR], rule: { kind: 'any' as const } }], path: 0 },
    {
      name: 'one of a later stage',
      stages: [
        { approverIds: [10], rule: { kind: 'all' as const } },
        { approverIds: [11, INITIATOR], rule: { kind: 'all' as const } },
      ],
      path: 1,
    },
  ])('refuses an approval naming its initiator as $name unless the portal allows it', ({ stages, path }) => {
    const command = { draft: draftOf({ stages }), memberId: 'a1b2c3', initiatorId: INITIATOR }
    const refused = createApproval(command, { ...ctxAt(START), id: 'A1' })
    expect(refused).toMatchObject({
      ok: false,
      code: 'SELF_APPROVAL',
      issues: [{ path: `stages.${path}.approverIds`, message: expect.stringMatching(/initiator/) }],
    })
    const allowed = createApproval({ ...command, isSelfApprovalAllowed: true }, { ...ctxAt(START), id: 'A1' })
    expect(allowed.ok && allowed.state.isSelfApprovalAllowed).toBe(true)
  })

  it('refuses a place handed to the initiator, and to someone already deciding in the stage', () => {
    const approval = startApproval()
    expect(applyCommand(approval, reassign(INITIATOR), ctxAt(AT))).toMatchObject({
      ok: false,
      code: 'SELF_APPROVAL',
      message: expect.stringMatching(/initiator/),
    })
    expect(applyCommand(approval, reassign(11), ctxAt(AT))).toMatchObject({
      ok: false,
      code: 'ALREADY_AN_APPROVER',
      message: expect.stringMatching(/already decides in this stage/),
    })
    const allowed = startApproval({}, undefined, true)
    const handed = accepted(applyCommand(allowed, reassign(INITIATOR), ctxAt(AT))).state
    expect(handed.rounds[0]?.stages[0]?.seats[0]).toMatchObject({ userId: INITIATOR, originalUserId: 10 })
  })

  it('refuses a resubmission whose new stages name the initiator', () => {
    const returned = applyAll(startApproval(), [answer(10, 'send-back')], AT)
    expect(applyCommand(returned, resubmit([INITIATOR, 12]), ctxAt(AT))).toMatchObject({
      ok: false,
      code: 'SELF_APPROVAL',
    })
    expect(accepted(applyCommand(returned, resubmit([12]), ctxAt(AT))).state.rounds).toHaveLength(2)
  })
})

describe('answers from a Telegram card', () => {
  const fromCard = (userId: number, round: number, cardUserId = userId): ApprovalCommand => ({
    type: 'decide',
    actor: { userId, isAdmin: false },
    response: 'approve',
    card: { round, userId: cardUserId },
  })

  it('count only in the round the card was made for, and only for its approver', () => {
    const returned = applyAll(startApproval(), [answer(10, 'send-back')], AT)
    const round2 = accepted(applyCommand(returned, resubmit([10, 11]), ctxAt(AT))).state
    expect(applyCommand(round2, fromCard(10, 1), ctxAt(AT))).toEqual({
      ok: false,
      code: 'ROUND_CHANGED',
      message: expect.stringMatching(/changed/),
    })
    expect(applyCommand(round2, fromCard(10, 2, 11), ctxAt(AT))).toMatchObject({ ok: false, code: 'NOT_AN_APPROVER' })
    const answered = accepted(applyCommand(round2, fromCard(10, 2), ctxAt(AT))).state
    expect(answered.rounds[1]?.stages[0]?.seats[0]?.response).toMatchObject({ kind: 'approve' })
  })

  it('a card made before buttons carried a round (round 0, user 0) is told the request has changed', () => {
    expect(applyCommand(startApproval(), fromCard(10, 0, 0), ctxAt(AT))).toMatchObject({
      ok: false,
      code: 'ROUND_CHANGED',
    })
  })

  it('a card of a closed approval is told it is decided, whichever round it was made for', () => {
    const closed = applyAll(startApproval(), [answer(10, 'reject')], AT)
    expect(applyCommand(closed, fromCard(11, 1), ctxAt(AT))).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' })
  })
})
