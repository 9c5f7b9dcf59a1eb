import { describe, expect, it } from 'vitest'
import { answer, applyAll, startApproval } from '../test-support/approval-builders.ts'
import { approverWorkload, median } from './approver-workload.ts'

describe('median', () => {
  it.each<[number[], number | null]>([
    [[], null],
    [[5], 5],
    [[9, 1, 5], 5],
    [[4, 1, 3, 2], 2.5],
  ])('%j → %s', (values, expected) => expect(median(values)).toBe(expected))
})

describe('approverWorkload', () => {
  it('counts places waiting now and the median time from stage start to answer', () => {
    // Started at START; 10 answers after 1 hour, 11 after 3 hours; 12 still waits.
    const start = startApproval()
    const startedAt = Date.parse(start.createdAt)
    const at = (hours: number) => new Date(startedAt + hours * 3_600_000).toISOString()
    const one = applyAll(start, [answer(10, 'approve')], at(1))
    const two = applyAll(one, [answer(11, 'approve')], at(3))
    const other = applyAll(startApproval(), [answer(10, 'approve')], at(2))
    const figures = approverWorkload([two, other])
    expect(figures.get(10)).toEqual({ pendingCount: 0, medianDecisionMs: 1.5 * 3_600_000, decisions: 2 })
    expect(figures.get(11)).toEqual({ pendingCount: 1, medianDecisionMs: 3 * 3_600_000, decisions: 1 })
    expect(figures.get(12)).toEqual({ pendingCount: 2, medianDecisionMs: null, decisions: 0 })
  })
})
