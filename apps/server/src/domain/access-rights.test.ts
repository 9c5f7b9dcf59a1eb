/** Who sees which approvals (admins, auditors, department heads, participants) and who edits templates. */
import { describe, expect, it } from 'vitest'
import { INITIATOR, startApproval } from '../test-support/approval-builders.ts'
import type { OrgStructure } from './escalation.ts'
import {
  canEditTemplates,
  canReadTemplates,
  canView,
  departmentUserIds,
  portalReach,
  viewGround,
  type Viewer,
} from './permissions.ts'

// 1 Company (head 100) → 2 Sales (head 200) → 3 Sales East (head 300); 4 Finance (head 400).
const org: OrgStructure = {
  departments: [
    { id: 1, parentId: null, headId: 100 },
    { id: 2, parentId: 1, headId: 200 },
    { id: 3, parentId: 2, headId: 300 },
    { id: 4, parentId: 1, headId: 400 },
  ],
  userDepartments: { [INITIATOR]: [3], '10': [4], '11': [4], '12': [4], '200': [2], '300': [3], '400': [4] },
}

const viewer = (userId: number, grants: Partial<Viewer> = {}): Viewer => ({ userId, isAdmin: false, ...grants })
const headOf = (userId: number) => viewer(userId, { departmentUserIds: departmentUserIds(org, userId) })

describe('departmentUserIds', () => {
  it.each<[string, number, number[]]>([
    ['the head of a leaf department gets its members', 300, [INITIATOR, 300]],
    ['a head above gets the members of departments below too', 200, [INITIATOR, 200, 300]],
    ['the company head gets everyone', 100, [INITIATOR, 10, 11, 12, 200, 300, 400]],
    ['someone who heads nothing gets nobody', 10, []],
  ])('%s', (_name, headId, users) => {
    expect([...departmentUserIds(org, headId)].sort((a, b) => a - b)).toEqual(users.sort((a, b) => a - b))
  })

  it('stops at a cycle in the structure', () => {
    const cyclic: OrgStructure = {
      departments: [
        { id: 1, parentId: 2, headId: 5 },
        { id: 2, parentId: 1, headId: null },
      ],
      userDepartments: { '7': [2] },
    }
    expect([...departmentUserIds(cyclic, 5)]).toEqual([7])
  })
})

describe('viewGround', () => {
  // Started by INITIATOR (Sales East), approvers 10, 11, 12 (Finance).
  const approval = startApproval()
  it.each<[string, Viewer, string | null]>([
    ['the initiator', viewer(INITIATOR), 'participant'],
    ['an approver', viewer(11), 'participant'],
    ['an admin', viewer(1, { isAdmin: true }), 'admin'],
    ['an auditor', viewer(2, { isAuditor: true }), 'auditor'],
    ["the head of the initiator's department", headOf(300), 'department-head'],
    ['a head above the initiator', headOf(200), 'department-head'],
    ["the head of an approver's department", headOf(400), 'department-head'],
    ['a head when the portal does not grant heads access (no department users)', viewer(300), null],
    ['an outsider', viewer(99), null],
  ])('%s', (_name, who, ground) => {
    expect(viewGround(approval, who)).toBe(ground)
    expect(canView(approval, who)).toBe(ground !== null)
  })

  it('a head of an unrelated department sees nothing of it', () => {
    const onlySales = startApproval({ stages: [{ approverIds: [200], rule: { kind: 'any' } }] })
    expect(canView(onlySales, headOf(400))).toBe(false)
    expect(canView(onlySales, headOf(200))).toBe(true)
  })
})

describe('portalReach', () => {
  it.each<[string, Viewer, string]>([
    ['admins browse everything', viewer(1, { isAdmin: true }), 'all'],
    ['auditors browse everything', viewer(2, { isAuditor: true }), 'all'],
    ['department heads browse their departments', headOf(300), 'department'],
    ['a head who heads nobody browses nothing', viewer(10, { departmentUserIds: new Set() }), 'none'],
    ['everyone else browses nothing beyond their own', viewer(99), 'none'],
  ])('%s', (_name, who, reach) => {
    expect(portalReach(who)).toBe(reach)
  })
})

describe('templates', () => {
  it('every user reads templates; only admins edit them', () => {
    expect(canReadTemplates(viewer(99))).toBe(true)
    expect(canEditTemplates(viewer(99))).toBe(false)
    expect(canEditTemplates(viewer(99, { isAuditor: true }))).toBe(false)
    expect(canEditTemplates(viewer(1, { isAdmin: true }))).toBe(true)
  })
})
