import { describe, expect, it } from 'vitest'
import { answer, applyAll, startApproval } from '../test-support/approval-builders.ts'
import { waitingFor } from './approval-stages.ts'

const twoStages = () =>
  startApproval({
    stages: [
      { approverIds: [10, 11], rule: { kind: 'all' } },
      { approverIds: [20], rule: { kind: 'all' } },
    ],
  })

describe('waitingFor', () => {
  it('names every approver of the first stage of a new approval', () => {
    expect(waitingFor(twoStages())).toEqual([10, 11])
  })

  it('leaves out who has answered', () => {
    expect(waitingFor(applyAll(twoStages(), [answer(11, 'approve')]))).toEqual([10])
  })

  it('moves on to the next stage once the first one is passed', () => {
    expect(waitingFor(applyAll(twoStages(), [answer(10, 'approve'), answer(11, 'approve')]))).toEqual([20])
  })

  it.each([
    ['rejected', [answer(10, 'reject')]],
    ['sent back', [answer(10, 'send-back', 'please redo')]],
  ])('names nobody once the approval is %s', (_, commands) => {
    expect(waitingFor(applyAll(twoStages(), commands))).toEqual([])
  })
})
