import { describe, expect, it } from 'vitest'
import { accepted, ctxAt, draftOf, INITIATOR, START, startApproval } from '../test-support/approval-builders.ts'
import type { Effect } from './effects.ts'
import { createApproval } from './approval-create.ts'
import { applyCommand } from './approval-machine.ts'
import type { OrgStructure } from './escalation.ts'
import { behalfOf, behalfPhrase } from './on-behalf.ts'

/** Users 10–12 in department 2 (head 20); department 2 under department 1 (head 30). */
const org: OrgStructure = {
  departments: [
    { id: 1, parentId: null, headId: 30 },
    { id: 2, parentId: 1, headId: 20 },
  ],
  userDepartments: { '10': [2], '11': [2], '12': [2], '20': [2], '30': [1] },
}
const tasksOf = (effects: Effect[]) => effects.filter((e) => e.type === 'task-create')

describe('behalfOf', () => {
  it.each([
    [{ userId: 4, originalUserId: 4, response: null }, null],
    [
      { userId: 9, originalUserId: 4, onBehalfOf: 4, response: null },
      { userId: 4, reason: 'deputy' },
    ],
    [
      { userId: 9, originalUserId: 4, handedOver: 'reassignment' as const, response: null },
      { userId: 4, reason: 'reassignment' },
    ],
    // A deputy's place escalated later: the head decides for the absent original approver, by escalation.
    [
      { userId: 20, originalUserId: 4, onBehalfOf: 4, handedOver: 'escalation' as const, response: null },
      { userId: 4, reason: 'escalation' },
    ],
    // Handed back to the original approver: they decide for themself.
    [{ userId: 4, originalUserId: 4, handedOver: 'reassignment' as const, response: null }, null],
  ])('%j → %j', (seat, expected) => {
    expect(behalfOf(seat)).toEqual(expected)
  })

  it('words it in Russian and English from one place, the name as given', () => {
    expect(behalfPhrase('deputy', 'Иван Петров', 'ru')).toBe('за сотрудника: Иван Петров (заместитель)')
    expect(behalfPhrase('deputy', 'Ivan Petrov', 'en')).toBe('on behalf of Ivan Petrov (deputy)')
    expect(behalfPhrase('escalation', 'Ivan Petrov', 'en')).toBe(
      'on behalf of Ivan Petrov (escalated after the deadline)',
    )
    expect(behalfPhrase('leaver', 'Иван Петров', 'ru')).toBe('за сотрудника: Иван Петров (сотрудник уволен)')
  })
})

describe('the task of a place held for someone else says for whom', () => {
  it('a deputy seated when the stage starts', () => {
    const absences = [{ userId: 11, deputyId: 12, startsAt: START, endsAt: '2026-11-26T00:00:00.000Z' }]
    const command = { draft: draftOf({ stages: [{ approverIds: [10, 11], rule: { kind: 'all' } }] }), memberId: 'm' }
    const ctx = { ...ctxAt(START), id: '01JDAPPROVAL00000000000002', directory: { org, absences } }
    const { effects } = accepted(
      createApproval({ ...command, initiatorId: INITIATOR, isSelfApprovalAllowed: false }, ctx),
    )
    expect(tasksOf(effects)).toEqual([
      expect.not.objectContaining({ behalf: expect.anything() }),
      expect.objectContaining({ userId: 12, behalf: { userId: 11, reason: 'deputy' } }),
    ])
  })

  it('a reassignment, then a further one: always for the original approver', () => {
    const reassign = (fromUserId: number, toUserId: number) => ({
      type: 'reassign' as const,
      actor: { userId: fromUserId, isAdmin: false },
      ...{ fromUserId, toUserId, reason: 'On leave' },
    })
    const once = accepted(applyCommand(startApproval(), reassign(11, 40), ctxAt(START)))
    expect(tasksOf(once.effects)).toEqual([
      expect.objectContaining({ userId: 40, behalf: { userId: 11, reason: 'reassignment' } }),
    ])
    const twice = accepted(applyCommand(once.state, reassign(40, 41), ctxAt(START)))
    expect(tasksOf(twice.effects)).toEqual([
      expect.objectContaining({ userId: 41, behalf: { userId: 11, reason: 'reassignment' } }),
    ])
  })

  it('an escalation up the chain and a leaver’s place', () => {
    const deadline = { workingHours: 1, action: 'escalate' as const }
    const approval = startApproval({ stages: [{ approverIds: [10], rule: { kind: 'all' }, deadline }] })
    const due = approval.rounds[0]!.stages[0]!.dueAt!
    const escalated = accepted(applyCommand(approval, { type: 'deadline-due', org }, ctxAt(due)))
    expect(tasksOf(escalated.effects)).toEqual([
      expect.objectContaining({ userId: 20, behalf: { userId: 10, reason: 'escalation' } }),
    ])
    const left = accepted(applyCommand(startApproval(), { type: 'approver-left', userId: 11, org }, ctxAt(START)))
    expect(tasksOf(left.effects)).toEqual([
      expect.objectContaining({ userId: 20, behalf: { userId: 11, reason: 'leaver' } }),
    ])
  })
})
