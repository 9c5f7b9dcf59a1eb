import { describe, expect, it } from 'vitest'
import type { DecisionRule } from './approval.ts'
import { requiredApprovals, stageVerdict } from './approval-rules.ts'

const all: DecisionRule = { kind: 'all' }
const any: DecisionRule = { kind: 'any' }
const quorum = (count: number): DecisionRule => ({ kind: 'quorum', count })
const percent = (value: number): DecisionRule => ({ kind: 'percent', percent: value })

describe('requiredApprovals', () => {
  it.each([
    [all, 5, 5],
    [any, 5, 1],
    [quorum(3), 5, 3],
    [percent(50), 5, 3],
    [percent(50), 4, 2],
    [percent(100), 7, 7],
    [percent(1), 50, 1],
    [percent(34), 3, 2],
    [percent(33), 3, 1],
  ])('%j of %i approvers needs %i approvals', (rule, seats, expected) => {
    expect(requiredApprovals(rule, seats)).toBe(expected)
  })
})

describe('stageVerdict', () => {
  it.each([
    // rule, approvals, rejections, pending, verdict
    [all, 0, 0, 3, 'open'],
    [all, 2, 0, 1, 'open'],
    [all, 3, 0, 0, 'approved'],
    [all, 2, 1, 0, 'rejected'],
    [all, 0, 1, 2, 'rejected'],
    [any, 0, 0, 3, 'open'],
    [any, 1, 0, 2, 'approved'],
    [any, 0, 1, 2, 'rejected'],
    [quorum(2), 1, 0, 2, 'open'],
    [quorum(2), 2, 0, 1, 'approved'],
    [quorum(2), 1, 1, 1, 'open'],
    [quorum(2), 0, 2, 1, 'rejected'],
    [quorum(2), 1, 2, 0, 'rejected'],
    [percent(60), 2, 0, 3, 'open'],
    [percent(60), 3, 0, 2, 'approved'],
    [percent(60), 2, 2, 1, 'open'],
    [percent(60), 2, 3, 0, 'rejected'],
    [percent(60), 0, 3, 2, 'rejected'],
    [percent(100), 0, 1, 4, 'rejected'],
  ] as const)('%j with %i approve / %i reject / %i pending → %s', (rule, approvals, rejections, pending, verdict) => {
    expect(stageVerdict(rule, { approvals, rejections, pending })).toBe(verdict)
  })

  it('counts a send-back as neither approval nor rejection', () => {
    // 3 seats, quorum 2: one send-back leaves two open places, so the target is still reachable.
    expect(stageVerdict(quorum(2), { approvals: 0, rejections: 0, pending: 2 })).toBe('open')
  })
})
