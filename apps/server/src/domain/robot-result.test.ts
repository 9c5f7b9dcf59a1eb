import { describe, expect, it } from 'vitest'
import { accepted, answer, ctxAt, INITIATOR, startApproval } from '../test-support/approval-builders.ts'
import { applyCommand } from './approval-machine.ts'
import { robotError, robotVerdict } from './robot-result.ts'

const AT = '2026-11-25T07:30:00.000Z'
const LATER = '2026-11-25T08:00:00.000Z'

describe('robotVerdict', () => {
  it('names the deciding approver, their comment and every answer of the round, oldest first', () => {
    const approval = startApproval({ stages: [{ approverIds: [10, 11, 12], rule: { kind: 'all' } }] }, 'evt-1')
    const first = accepted(applyCommand(approval, answer(10, 'approve', 'fine'), ctxAt(AT))).state
    const last = accepted(applyCommand(first, answer(12, 'reject', 'no budget'), ctxAt(LATER, 'telegram'))).state
    expect(robotVerdict(last, 'rejected')).toEqual({
      result: 'rejected',
      comment: 'no budget',
      decidedBy: 12,
      decidedAt: LATER,
      answers: [
        { userId: 10, kind: 'approve', comment: 'fine', at: AT },
        { userId: 12, kind: 'reject', comment: 'no budget', at: LATER },
      ],
    })
  })

  it('says timed_out with nobody deciding when a deadline ended it', () => {
    const approval = startApproval({}, 'evt-1')
    const expired = { ...approval, status: 'expired' as const }
    expect(robotVerdict(expired, 'expired')).toMatchObject({ result: 'timed_out', decidedBy: null, answers: [] })
  })

  it('gives the cancel reason and who cancelled', () => {
    const approval = startApproval({}, 'evt-1')
    const actor = { userId: INITIATOR, isAdmin: false }
    const cancelled = accepted(applyCommand(approval, { type: 'cancel', actor, reason: 'deal lost' }, ctxAt(AT))).state
    expect(robotVerdict(cancelled, 'cancelled')).toMatchObject({
      result: 'cancelled',
      comment: 'deal lost',
      decidedBy: INITIATOR,
      decidedAt: AT,
    })
  })

  it('an error carries its message', () => {
    expect(robotError('No approvers', AT)).toEqual({
      result: 'error',
      comment: 'No approvers',
      decidedBy: null,
      decidedAt: AT,
      answers: [],
    })
  })
})
