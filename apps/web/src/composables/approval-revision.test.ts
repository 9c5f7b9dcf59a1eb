import { describe, expect, it } from 'vitest'
import type { ApprovalDto } from '../api/types.ts'
import { revisionChanges, revisionFormOf, roundChanges, sendBackOf } from './approval-revision.ts'

const seat = (userId: number) => ({ userId, originalUserId: userId, response: null })
const round = (number: number, title: string, description: string, userIds: number[]) => ({
  number,
  title,
  description,
  startedAt: `2026-05-0${number}T10:00:00.000Z`,
  stages: [{ seats: userIds.map(seat) }],
})
const approval = {
  id: 'A1',
  title: 'Закупка',
  description: 'Столы',
  status: 'returned',
  stages: [{ approverIds: [2, 6], rule: { kind: 'all' }, deadline: null }],
  rounds: [round(1, 'Закупка', 'Столы', [2, 6])],
  audit: [
    { action: 'create', actorId: 3, comment: null, at: '2026-05-01T10:00:00.000Z' },
    { action: 'send-back', actorId: 2, comment: 'Нужна смета', at: '2026-05-01T11:00:00.000Z' },
  ],
} as unknown as ApprovalDto

describe('the revision form', () => {
  it('starts from the approval and sends only what changed', () => {
    const form = revisionFormOf(approval)
    expect(form).toEqual({
      title: 'Закупка',
      description: 'Столы',
      stages: [{ approverIds: [2, 6], roles: [], condition: null, rule: { kind: 'all' }, deadline: null }],
      comment: '',
    })
    expect(revisionChanges(form, approval)).toEqual({ ok: true, changes: {} })
    form.title = 'Закупка со сметой'
    form.stages[0]!.approverIds.push(7)
    expect(revisionChanges(form, approval)).toEqual({
      ok: true,
      changes: {
        title: 'Закупка со сметой',
        stages: [{ approverIds: [2, 6, 7], roles: [], condition: null, rule: { kind: 'all' }, deadline: null }],
      },
    })
    // The approval itself is left alone.
    expect(approval.stages[0]!.approverIds).toEqual([2, 6])
  })

  it('refuses what the server would refuse, with the field it is about', () => {
    const form = { ...revisionFormOf(approval), title: '  ' }
    const checked = revisionChanges(form, approval)
    expect(checked.ok).toBe(false)
    expect(!checked.ok && checked.issues.map((i) => i.path)).toEqual(['title'])
    const empty = { ...revisionFormOf(approval), stages: [{ approverIds: [], rule: { kind: 'all' }, deadline: null }] }
    const noApprovers = revisionChanges(empty as never, approval)
    expect(!noApprovers.ok && noApprovers.issues[0]!.path).toMatch(/^stages\.0\.approverIds/)
  })

  it('tells who sent it back and why', () => {
    expect(sendBackOf(approval)).toEqual({ actorId: 2, comment: 'Нужна смета', at: '2026-05-01T11:00:00.000Z' })
    expect(sendBackOf({ ...approval, audit: [] })).toBeNull()
  })
})

describe('roundChanges', () => {
  it('says what each later round changed', () => {
    const rounds = [
      round(1, 'Закупка', 'Столы', [2, 6]),
      round(2, 'Закупка со сметой', 'Столы', [2, 7]),
      round(3, 'Закупка со сметой', 'Столы', [2, 7]),
    ]
    expect(roundChanges({ ...approval, rounds } as unknown as ApprovalDto)).toEqual([
      {
        ...{ round: 2, startedAt: '2026-05-02T10:00:00.000Z' },
        ...{ title: { from: 'Закупка', to: 'Закупка со сметой' }, isDescriptionChanged: false },
        ...{ addedIds: [7], removedIds: [6] },
      },
      {
        ...{ round: 3, startedAt: '2026-05-03T10:00:00.000Z', title: null, isDescriptionChanged: false },
        ...{ addedIds: [], removedIds: [] },
      },
    ])
  })
})
