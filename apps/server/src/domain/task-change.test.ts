import { describe, expect, it } from 'vitest'
import { accepted, answer, applyAll, ctxAt, startApproval } from '../test-support/approval-builders.ts'
import { applyCommand } from './approval-machine.ts'
import { deletedTaskIds, type TaskChangeCommand, type TaskNote } from './task-change.ts'

const AT = '2026-11-25T08:00:00.000Z'
const note = (overrides: Partial<TaskNote> = {}): TaskNote => ({
  ...{ taskId: 501, userId: 10, change: 'completed', notCounted: 'setting-off' },
  ...overrides,
})
const command = (overrides: Partial<TaskNote> = {}, actorId: number | null = 10): TaskChangeCommand => ({
  type: 'task-change',
  actorId,
  note: note(overrides),
})

describe('task-change: what happened to an approver’s Bitrix24 task', () => {
  it('records the change in the history on channel bitrix24, with no effects and nothing else changed', () => {
    const approval = startApproval()
    const result = accepted(applyCommand(approval, command(), ctxAt(AT)))
    expect(result.effects.filter((e) => e.type !== 'schedule')).toEqual([])
    const entry = result.state.audit.at(-1)
    expect(entry).toMatchObject({ action: 'task-change', actorId: 10, channel: 'bitrix24', round: 1, stageIndex: 0 })
    expect(entry?.task).toEqual(note())
    expect(result.state.rounds).toEqual(approval.rounds)
    expect(result.state.status).toBe('pending')
  })

  it('refuses the same change twice in a row (a repeated delivery), but records a new one', () => {
    const once = accepted(applyCommand(startApproval(), command(), ctxAt(AT))).state
    const again = applyCommand(once, command(), ctxAt(AT))
    expect(again).toMatchObject({ ok: false, code: 'ALREADY_RECORDED' })
    const deferred = accepted(applyCommand(once, command({ change: 'deferred', notCounted: null }), ctxAt(AT))).state
    expect(deferred.audit.filter((e) => e.action === 'task-change')).toHaveLength(2)
  })

  it('records nothing more about a deleted task', () => {
    const deleted = accepted(applyCommand(startApproval(), command({ change: 'deleted', notCounted: null }), ctxAt(AT)))
    expect(deletedTaskIds(deleted.state)).toEqual(new Set([501]))
    expect(applyCommand(deleted.state, command(), ctxAt(AT))).toMatchObject({ ok: false, code: 'ALREADY_RECORDED' })
  })

  it('refuses a task of someone without a place in the current round', () => {
    expect(applyCommand(startApproval(), command({ userId: 99 }), ctxAt(AT))).toMatchObject({
      ok: false,
      code: 'NOT_AN_APPROVER',
    })
  })

  it('applies to a returned approval (a deletion there matters for the next round), not to a closed one', () => {
    const returned = applyAll(startApproval(), [answer(11, 'send-back', 'Fix the price')])
    expect(returned.status).toBe('returned')
    expect(applyCommand(returned, command({ change: 'deleted', notCounted: null }), ctxAt(AT)).ok).toBe(true)
    const rejected = applyAll(startApproval(), [answer(11, 'reject', 'No')])
    expect(applyCommand(rejected, command(), ctxAt(AT))).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' })
  })
})
