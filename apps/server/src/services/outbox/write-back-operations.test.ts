/** Effects to write-back operations: the portal's switches, what has nothing to act on, one notice per approver. */
import { describe, expect, it } from 'vitest'
import type { Effect } from '../../domain/index.ts'
import { applyCommand } from '../../domain/index.ts'
import { accepted, answer, applyAll, ctxAt, START, startApproval } from '../../test-support/approval-builders.ts'
import type { WriteBack } from '../approvals/approval-settings.ts'
import type { OutboxLedger } from './outbox-ledger.ts'
import { writeBackOperations, type OperationContext } from './write-back-operations.ts'

const allOn: WriteBack = { tasks: true, taskComments: true, timeline: true, notifications: true }
const deal = { kind: 'deal' as const, id: 7, title: 'D', amount: null, currency: null, url: null }
const emptyLedger = (): OutboxLedger => ({ doneThroughSeq: 0, done: {}, tasks: {}, inFlight: [], owned: {} })

function context(overrides: Partial<OperationContext> = {}): OperationContext {
  const approval = startApproval({ subject: deal })
  return { approval, ledger: emptyLedger(), writeBack: allOn, taskNotified: new Set(), ...overrides }
}

describe('writeBackOperations', () => {
  it('creates the task of a place, and nothing when tasks are switched off', () => {
    const effect: Effect = { type: 'task-create', userId: 10, round: 1, stageIndex: 0, deadlineAt: null }
    expect(writeBackOperations(effect, 'A:1:0', context())).toEqual([
      { kind: 'task-create', key: 'A:1:0', place: { round: 1, stageIndex: 0, userId: 10 }, deadlineAt: null },
    ])
    expect(writeBackOperations(effect, 'A:1:0', context({ writeBack: { ...allOn, tasks: false } }))).toEqual([])
  })

  it('reopens the task an approver had in an earlier round instead of creating another (issue #16)', () => {
    // Round 1: users 10 and 11 in stage 0, user 10 again in stage 1; round 2 has begun for user 11 already.
    const tasks = { '1:0:10': 501, '1:0:11': 502, '1:1:10': 503, '2:0:11': 502 }
    const ledger = { ...emptyLedger(), tasks }
    const place = (round: number, stageIndex: number, userId: number): Effect => ({
      ...{ type: 'task-create', userId, round, stageIndex, deadlineAt: '2026-06-01T10:00:00.000Z' },
    })
    expect(writeBackOperations(place(2, 0, 10), 'A:9:0', context({ ledger }))).toEqual([
      {
        ...{ kind: 'task-renew', key: 'A:9:0', taskId: 501 },
        ...{ place: { round: 2, stageIndex: 0, userId: 10 }, deadlineAt: '2026-06-01T10:00:00.000Z' },
      },
    ])
    // The same stage's task first; once a place of the round holds a task, no other place takes it.
    expect(writeBackOperations(place(2, 1, 10), 'A:9:1', context({ ledger }))[0]).toMatchObject({ taskId: 503 })
    const taken = { ...emptyLedger(), tasks: { ...tasks, '2:1:10': 501 } }
    expect(writeBackOperations(place(2, 0, 10), 'A:9:0', context({ ledger: taken }))[0]).toMatchObject({ taskId: 503 })
    // A place that already holds its renewed task still builds the same operation (a re-run is stable).
    expect(writeBackOperations(place(2, 0, 11), 'A:9:2', context({ ledger }))[0]).toMatchObject({ taskId: 502 })
    // Someone new in round 2, and everyone in round 1, gets a new task.
    expect(writeBackOperations(place(2, 0, 12), 'A:9:3', context({ ledger }))[0]!.kind).toBe('task-create')
    expect(writeBackOperations(place(1, 0, 10), 'A:1:0', context({ ledger }))[0]!.kind).toBe('task-create')
  })

  it("comments on and completes a place's known task; the comment is the approver's, or the initiator's", () => {
    const ledger = { ...emptyLedger(), tasks: { '1:0:10': 501 } }
    const answered: Effect = { type: 'task-complete', userId: 10, round: 1, stageIndex: 0, reason: 'answered' }
    expect(writeBackOperations(answered, 'A:2:0', context({ ledger }))).toEqual([
      { kind: 'task-comment', key: 'A:2:0:comment', taskId: 501, authorId: 10, reason: 'answered' },
      { kind: 'task-complete', key: 'A:2:0:complete', taskId: 501 },
    ])
    const ended: Effect = { ...answered, reason: 'stage-ended' }
    const noComments = context({ ledger, writeBack: { ...allOn, taskComments: false } })
    expect(writeBackOperations(ended, 'A:2:1', context({ ledger }))[0]).toMatchObject({ authorId: 3 })
    expect(writeBackOperations(ended, 'A:2:1', noComments).map((o) => o.kind)).toEqual(['task-complete'])
    expect(writeBackOperations({ ...answered, userId: 11 }, 'A:2:2', context({ ledger }))).toEqual([])
  })

  it('writes a timeline entry only on a deal or lead, and a robot result only when a robot started it', () => {
    const timeline: Effect = { type: 'timeline-comment', event: 'started', round: 1 }
    expect(writeBackOperations(timeline, 'A:1:3', context())).toEqual([
      { kind: 'timeline-comment', key: 'A:1:3', event: 'started' },
    ])
    const onTask = context({ approval: startApproval({ subject: { ...deal, kind: 'task' } }) })
    expect(writeBackOperations(timeline, 'A:1:3', onTask)).toEqual([])
    const robot: Effect = { type: 'robot-result', outcome: 'approved' }
    expect(writeBackOperations(robot, 'A:5:0', context())).toEqual([])
    const byRobot = context({ approval: startApproval({ subject: deal }, 'event-token-1') })
    expect(writeBackOperations(robot, 'A:5:0', byRobot)).toEqual([
      { kind: 'robot-result', key: 'A:5:0', outcome: 'approved' },
    ])
  })

  it("moves a deal or lead to the rule's stage whatever the switches, and never a task", () => {
    const move: Effect = { type: 'stage-move', stageId: 'WON' }
    const allOff = { tasks: false, taskComments: false, timeline: false, notifications: false }
    expect(writeBackOperations(move, 'A:6:0', context({ writeBack: allOff }))).toEqual([
      { kind: 'stage-move', key: 'A:6:0', stageId: 'WON' },
    ])
    const onTask = context({ approval: startApproval({ subject: { ...deal, kind: 'task' } }) })
    expect(writeBackOperations(move, 'A:6:0', onTask)).toEqual([])
  })

  it('notifies only approvers the portal does not already tell of a new task', () => {
    const notify: Effect = { type: 'notify-approvers', userIds: [10, 11], reason: 'stage-started' }
    expect(writeBackOperations(notify, 'A:1:4', context({ taskNotified: new Set([10]) }))).toEqual([
      { kind: 'approver-notice', key: 'A:1:4:11', userId: 11, reason: 'stage-started' },
    ])
    const off = context({ writeBack: { ...allOn, notifications: false } })
    expect(writeBackOperations(notify, 'A:1:4', off)).toEqual([])
  })
})

describe('writeBackOperations: tasks changed in Bitrix24 (issue #16)', () => {
  const answered: Effect = { type: 'task-complete', userId: 10, round: 1, stageIndex: 0, reason: 'answered' }
  const deletedNote = { taskId: 501, userId: 10, change: 'deleted' as const, notCounted: null }

  it('does not complete again a task its approver completed in Bitrix24, but still comments the answer', () => {
    const ledger = { ...emptyLedger(), tasks: { '1:0:10': 501 } }
    const approval = applyAll(startApproval({ subject: deal }), [answer(10, 'approve')])
    const entry = { ...approval.audit.at(-1)!, channel: 'bitrix24' as const }
    expect(writeBackOperations(answered, 'A:2:0', context({ approval, ledger, entry })).map((o) => o.kind)).toEqual([
      'task-comment',
    ])
  })

  it('writes nothing to a deleted task, and gives a later round a new task instead of reopening it', () => {
    const ledger = { ...emptyLedger(), tasks: { '1:0:10': 501 } }
    const base = startApproval({ subject: deal })
    const approval = accepted(
      applyCommand(base, { type: 'task-change', actorId: 3, note: deletedNote }, ctxAt(START)),
    ).state
    expect(writeBackOperations(answered, 'A:2:0', context({ approval, ledger }))).toEqual([])
    const renew: Effect = { type: 'task-create', userId: 10, round: 2, stageIndex: 0, deadlineAt: null }
    expect(writeBackOperations(renew, 'A:9:0', context({ approval, ledger }))[0]!.kind).toBe('task-create')
  })
})
