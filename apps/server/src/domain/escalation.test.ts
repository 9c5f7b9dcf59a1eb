import { describe, expect, it } from 'vitest'
import { escalationTarget, headsAbove, type OrgStructure } from './escalation.ts'

// The sandbox's structure: company (head 1) → sales (2), finance (6), legal (9), purchasing (11); plus a
// sub-department of sales without a head, and a headless department right under the root.
const org: OrgStructure = {
  departments: [
    { id: 1, parentId: null, headId: 1 },
    { id: 2, parentId: 1, headId: 2 },
    { id: 3, parentId: 1, headId: 6 },
    { id: 4, parentId: 1, headId: 9 },
    { id: 5, parentId: 1, headId: 11 },
    { id: 6, parentId: 2, headId: null },
    { id: 7, parentId: null, headId: null },
  ],
  userDepartments: { '1': [1], '2': [2], '3': [2], '4': [6], '6': [3], '7': [3, 2], '12': [7], '13': [] },
}

describe('headsAbove', () => {
  it.each([
    [3, [2, 1]],
    [2, [1]],
    [1, []],
    [4, [2, 1]],
    [7, [6, 1]],
    [12, []],
    [13, []],
    [99, []],
  ])('user %i → %j', (userId, heads) => {
    expect(headsAbove(org, userId)).toEqual(heads)
  })

  it('stops on a cycle in the structure', () => {
    const loop: OrgStructure = {
      departments: [
        { id: 1, parentId: 2, headId: 5 },
        { id: 2, parentId: 1, headId: 6 },
      ],
      userDepartments: { '3': [1] },
    }
    expect(headsAbove(loop, 3)).toEqual([5, 6])
  })
})

describe('escalationTarget', () => {
  it.each([
    ['the head of the approver’s department', 3, 4, [3], 2],
    ['the parent department’s head when the approver is the head', 2, 4, [2], 1],
    ['the next head up when the nearest is already in the stage', 3, 4, [3, 2], 1],
    ['the initiator when the approver heads the root', 1, 4, [1], 4],
    ['the initiator when the approver has no department', 13, 4, [13], 4],
    ['the initiator when every head is in the stage', 3, 5, [3, 2, 1], 5],
    ['nobody when the initiator is in the stage too', 3, 5, [3, 2, 1, 5], null],
    ['nobody when the approver is the initiator and heads the root', 1, 1, [1], null],
  ])('%s', (_name, approverId, initiatorId, inStage, expected) => {
    expect(escalationTarget(org, approverId, initiatorId, new Set(inStage))).toBe(expected)
  })
})
