import { describe, expect, it } from 'vitest'
import type { Actor, Approval } from './approval.ts'
import { answer, applyAll, INITIATOR, startApproval } from '../test-support/approval-builders.ts'
import { allowedActions, canView, rolesOf, statisticsScope } from './permissions.ts'

const user = (userId: number, isAdmin = false): Actor => ({ userId, isAdmin })
const twoStages = () =>
  startApproval({
    stages: [
      { approverIds: [10, 11], rule: { kind: 'all' } },
      { approverIds: [20], rule: { kind: 'any' } },
    ],
  })
const reassigned = () =>
  applyAll(twoStages(), [{ type: 'reassign', actor: user(10), fromUserId: 10, toUserId: 30, reason: 'vacation' }])

describe('rolesOf and canView', () => {
  it.each<[string, Actor, string[], boolean]>([
    ['the initiator', user(INITIATOR), ['initiator'], true],
    ['an approver of the active stage', user(11), ['approver'], true],
    ['an approver of a later stage', user(20), ['approver'], true],
    ['a portal admin', user(1, true), ['admin'], true],
    ['an outsider', user(99), [], false],
    ['an approver who handed their place over', user(10), ['approver'], true],
    ['the new holder of a place', user(30), ['approver'], true],
  ])('%s', (_name, actor, roles, visible) => {
    const approval = reassigned()
    expect(rolesOf(approval, actor)).toEqual(roles)
    expect(canView(approval, actor)).toBe(visible)
  })
})

describe('allowedActions', () => {
  const approved = () =>
    applyAll(
      startApproval(),
      [10, 11, 12].map((u) => answer(u, 'approve')),
    )
  const returned = () => applyAll(twoStages(), [answer(11, 'send-back')])
  it.each<[string, () => Approval, Actor, string[]]>([
    ['initiator, pending', twoStages, user(INITIATOR), ['cancel', 'remind']],
    ['active approver, pending', twoStages, user(10), ['decide', 'reassign']],
    ['active approver who answered', () => applyAll(twoStages(), [answer(10, 'approve')]), user(10), []],
    ['later-stage approver', twoStages, user(20), []],
    ['admin, pending', twoStages, user(1, true), ['cancel', 'remind', 'reassign']],
    [
      'admin who is also an active approver',
      () => startApproval({ stages: [{ approverIds: [1], rule: { kind: 'any' } }] }),
      user(1, true),
      ['decide', 'cancel', 'remind', 'reassign'],
    ],
    ['initiator, returned', returned, user(INITIATOR), ['cancel', 'resubmit']],
    ['admin, returned', returned, user(1, true), ['cancel']],
    ['approver, returned', returned, user(10), []],
    ['initiator, approved', approved, user(INITIATOR), []],
    ['admin, approved', approved, user(1, true), []],
    ['outsider, pending', twoStages, user(99), []],
  ])('%s', (_name, build, actor, actions) => {
    expect(allowedActions(build(), actor)).toEqual(actions)
  })
})

describe('statisticsScope', () => {
  it.each([
    ['an admin', { userId: 1, isAdmin: true }, { kind: 'all' }],
    ['an auditor', { userId: 9, isAdmin: false, isAuditor: true }, { kind: 'all' }],
    [
      'a department head',
      { userId: 2, isAdmin: false, departmentUserIds: new Set([3, 4]) },
      { kind: 'department', initiatorIds: new Set([2, 3, 4]) },
    ],
    [
      'a head of an empty department',
      { userId: 2, isAdmin: false, departmentUserIds: new Set<number>() },
      { kind: 'own', initiatorIds: new Set([2]) },
    ],
    ['anyone else', { userId: 5, isAdmin: false }, { kind: 'own', initiatorIds: new Set([5]) }],
  ])('gives %s the right figures', (_who, viewer, scope) => {
    expect(statisticsScope(viewer)).toEqual(scope)
  })
})
