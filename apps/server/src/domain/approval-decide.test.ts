import { describe, expect, it } from 'vitest'
import type { Approval, DecisionRule } from './approval.ts'
import type { ApprovalCommand } from './approval-commands.ts'
import { accepted, answer, applyAll, ctxAt, INITIATOR, startApproval } from '../test-support/approval-builders.ts'
import { applyCommand } from './approval-machine.ts'
import type { Effect } from './effects.ts'

const AT = '2026-11-25T07:30:00.000Z'
const oneStage = (rule: DecisionRule, approverIds = [10, 11, 12]) => startApproval({ stages: [{ approverIds, rule }] })
const effectsOf = (approval: Approval, command: ApprovalCommand): Effect[] =>
  accepted(applyCommand(approval, command, ctxAt(AT, 'telegram'))).effects

describe('decide: outcomes by rule', () => {
  const quorum2: DecisionRule = { kind: 'quorum', count: 2 }
  const percent60: DecisionRule = { kind: 'percent', percent: 60 }
  it.each<[string, DecisionRule, number[], ApprovalCommand[], string]>([
    [
      'all: two of three approve',
      { kind: 'all' },
      [10, 11, 12],
      [answer(10, 'approve'), answer(11, 'approve')],
      'pending',
    ],
    [
      'all: everyone approves',
      { kind: 'all' },
      [10, 11, 12],
      [10, 11, 12].map((u) => answer(u, 'approve')),
      'approved',
    ],
    [
      'all: one rejection rejects',
      { kind: 'all' },
      [10, 11, 12],
      [answer(10, 'approve'), answer(12, 'reject')],
      'rejected',
    ],
    ['any: the first approval decides', { kind: 'any' }, [10, 11, 12], [answer(11, 'approve')], 'approved'],
    ['any: the first rejection decides', { kind: 'any' }, [10, 11, 12], [answer(12, 'reject')], 'rejected'],
    ['quorum 2: two approvals pass', quorum2, [10, 11, 12], [answer(10, 'approve'), answer(12, 'approve')], 'approved'],
    ['quorum 2: one reject keeps it open', quorum2, [10, 11, 12], [answer(10, 'reject')], 'pending'],
    [
      'quorum 2: two rejects make it unreachable',
      quorum2,
      [10, 11, 12],
      [answer(10, 'reject'), answer(11, 'reject')],
      'rejected',
    ],
    [
      'quorum 2: approve, reject, approve',
      quorum2,
      [10, 11, 12],
      [answer(10, 'approve'), answer(11, 'reject'), answer(12, 'approve')],
      'approved',
    ],
    [
      'percent 60 of 5: three approvals pass',
      percent60,
      [10, 11, 12, 13, 14],
      [10, 11, 12].map((u) => answer(u, 'approve')),
      'approved',
    ],
    [
      'percent 60 of 5: three rejections fail',
      percent60,
      [10, 11, 12, 13, 14],
      [10, 11, 12].map((u) => answer(u, 'reject')),
      'rejected',
    ],
    [
      'percent 60 of 5: two rejections keep it open',
      percent60,
      [10, 11, 12, 13, 14],
      [answer(10, 'reject'), answer(11, 'reject'), answer(12, 'approve')],
      'pending',
    ],
    ['send-back under all returns at once', { kind: 'all' }, [10, 11, 12], [answer(10, 'send-back')], 'returned'],
    ['send-back under any returns', { kind: 'any' }, [10, 11, 12], [answer(11, 'send-back')], 'returned'],
    [
      'send-back under quorum returns',
      quorum2,
      [10, 11, 12],
      [answer(10, 'approve'), answer(11, 'send-back')],
      'returned',
    ],
  ])('%s', (_name, rule, approverIds, commands, status) => {
    expect(applyAll(oneStage(rule, approverIds), commands, AT).status).toBe(status)
  })
})

describe('decide: what is recorded', () => {
  it('records the answer with time, channel and trimmed comment, and one audit entry', () => {
    const approval = oneStage({ kind: 'all' })
    const state = accepted(applyCommand(approval, answer(11, 'approve', '  ok  '), ctxAt(AT, 'telegram'))).state
    expect(state.rounds[0]?.stages[0]?.seats[1]).toEqual({
      userId: 11,
      originalUserId: 11,
      response: { kind: 'approve', at: AT, comment: 'ok', channel: 'telegram' },
    })
    expect(state.audit.at(-1)).toMatchObject({
      seq: 2,
      action: 'approve',
      actorId: 11,
      channel: 'telegram',
      comment: 'ok',
    })
    expect(state.updatedAt).toBe(AT)
  })

  it('an open stage: completes the task and tells the initiator about the decision', () => {
    expect(effectsOf(oneStage({ kind: 'all' }), answer(10, 'approve'))).toEqual([
      { type: 'task-complete', userId: 10, round: 1, stageIndex: 0, reason: 'answered' },
      { type: 'update-cards' },
      { type: 'notify-initiator', event: 'decision', outcome: null },
    ])
  })

  it('does not tell the initiator about their own answer as an approver', () => {
    const own = startApproval({ stages: [{ approverIds: [INITIATOR, 11], rule: { kind: 'all' } }] }, undefined, true)
    expect(effectsOf(own, answer(INITIATOR, 'approve'))).toEqual([
      { type: 'task-complete', userId: INITIATOR, round: 1, stageIndex: 0, reason: 'answered' },
      { type: 'update-cards' },
    ])
  })

  it('a final rejection on a CRM deal started by a robot: closes tasks, timeline, robot result, initiator', () => {
    const approval = startApproval(
      {
        subject: { kind: 'deal', id: 42, title: 'Вектор' },
        stages: [{ approverIds: [10, 11, 12], rule: { kind: 'all' } }],
      },
      'evt-1',
    )
    const result = accepted(applyCommand(approval, answer(10, 'reject', 'no budget'), ctxAt(AT)))
    expect(result.effects).toEqual([
      { type: 'task-complete', userId: 10, round: 1, stageIndex: 0, reason: 'answered' },
      { type: 'update-cards' },
      { type: 'task-complete', userId: 11, round: 1, stageIndex: 0, reason: 'stage-ended' },
      { type: 'task-complete', userId: 12, round: 1, stageIndex: 0, reason: 'stage-ended' },
      { type: 'timeline-comment', event: 'finished', round: 1 },
      { type: 'robot-result', outcome: 'rejected' },
      { type: 'notify-initiator', event: 'outcome', outcome: 'rejected' },
    ])
    expect(result.state).toMatchObject({ status: 'rejected', closedAt: AT })
    expect(result.state.rounds[0]).toMatchObject({ outcome: 'rejected', endedAt: AT })
    expect(result.state.audit.at(-1)).toMatchObject({ action: 'reject', outcome: 'rejected', comment: 'no budget' })
  })

  it('a returned round gets a "returned" timeline comment and answers the robot with it', () => {
    const approval = startApproval({ subject: { kind: 'lead', id: 7 } }, 'evt-1')
    const effects = effectsOf(approval, answer(12, 'send-back', 'attach the invoice'))
    expect(effects).toContainEqual({ type: 'timeline-comment', event: 'returned', round: 1 })
    expect(effects).toContainEqual({ type: 'robot-result', outcome: 'returned' })
    expect(effects).toContainEqual({ type: 'notify-initiator', event: 'outcome', outcome: 'returned' })
  })

  it('answers the robot once: a resubmitted round that ends later sends no second result', () => {
    const approval = startApproval({ subject: { kind: 'lead', id: 7 } }, 'evt-1')
    const returned = accepted(applyCommand(approval, answer(12, 'send-back', 'attach it'), ctxAt(AT))).state
    const actor = { userId: INITIATOR, isAdmin: false }
    const resubmitted = accepted(applyCommand(returned, { type: 'resubmit', actor, changes: {} }, ctxAt(AT))).state
    const approver = resubmitted.rounds[1]!.stages[0]!.seats[0]!.userId
    const last = accepted(applyCommand(resubmitted, answer(approver, 'reject', 'no'), ctxAt(AT)))
    expect(last.state.status).toBe('rejected')
    expect(last.effects.some((effect) => effect.type === 'robot-result')).toBe(false)
    const cancelled = applyCommand(returned, { type: 'cancel', actor, reason: 'gone' }, ctxAt(AT))
    expect(accepted(cancelled).effects.some((effect) => effect.type === 'robot-result')).toBe(false)
  })

  it('passing a stage starts the next one with its tasks and notices', () => {
    const approval = startApproval({
      stages: [
        { approverIds: [10, 11], rule: { kind: 'any' } },
        { approverIds: [20, 21], rule: { kind: 'all' }, deadline: { workingHours: 2, action: 'reject' } },
      ],
    })
    const result = accepted(applyCommand(approval, answer(11, 'approve'), ctxAt(AT)))
    expect(result.effects).toEqual([
      { type: 'task-complete', userId: 11, round: 1, stageIndex: 0, reason: 'answered' },
      { type: 'update-cards' },
      { type: 'task-complete', userId: 10, round: 1, stageIndex: 0, reason: 'stage-ended' },
      { type: 'notify-approvers', userIds: [20, 21], reason: 'stage-started' },
      { type: 'task-create', userId: 20, round: 1, stageIndex: 1, deadlineAt: '2026-11-25T09:30:00.000Z' },
      { type: 'task-create', userId: 21, round: 1, stageIndex: 1, deadlineAt: '2026-11-25T09:30:00.000Z' },
      { type: 'notify-initiator', event: 'decision', outcome: null },
      { type: 'schedule', timer: 'deadline', dueAt: '2026-11-25T09:30:00.000Z' },
    ])
    expect(result.state.rounds[0]).toMatchObject({ stageIndex: 1 })
    expect(result.state.rounds[0]?.stages[0]).toMatchObject({ outcome: 'approved', endedAt: AT })
    expect(result.state.rounds[0]?.stages[1]).toMatchObject({ startedAt: AT, dueAt: '2026-11-25T09:30:00.000Z' })
    const final = applyAll(result.state, [answer(20, 'approve'), answer(21, 'approve')], AT)
    expect(final.status).toBe('approved')
  })
})

describe('decide: refusals', () => {
  const twoStages = () =>
    startApproval({
      commentPolicy: 'required-on-reject',
      stages: [
        { approverIds: [10, 11, 12], rule: { kind: 'any' } },
        { approverIds: [20, 10], rule: { kind: 'all' } },
      ],
    })
  const afterFirstStage = () => applyAll(twoStages(), [answer(11, 'approve')])
  it.each<[string, () => Approval, ApprovalCommand, string]>([
    ['a user with no place', twoStages, answer(99, 'approve'), 'NOT_AN_APPROVER'],
    ['the initiator who is no approver', twoStages, answer(3, 'approve'), 'NOT_AN_APPROVER'],
    [
      'an admin with no place',
      twoStages,
      { type: 'decide', actor: { userId: 1, isAdmin: true }, response: 'approve' },
      'NOT_AN_APPROVER',
    ],
    ['a later stage’s approver', twoStages, answer(20, 'approve'), 'NOT_YOUR_TURN'],
    ['an earlier stage’s approver who did not answer', afterFirstStage, answer(12, 'approve'), 'ALREADY_DECIDED'],
    ['an earlier stage’s approver who answered', afterFirstStage, answer(11, 'reject', 'x'), 'ALREADY_ANSWERED'],
    ['a reject without the required comment', twoStages, answer(10, 'reject'), 'COMMENT_REQUIRED'],
    [
      'a second answer in the same round',
      () => applyAll(afterFirstStage(), [answer(10, 'approve')]),
      answer(10, 'reject', 'x'),
      'ALREADY_ANSWERED',
    ],
    [
      'any answer after an any-stage closed the approval',
      () =>
        applyAll(startApproval({ stages: [{ approverIds: [10, 11], rule: { kind: 'any' } }] }), [
          answer(10, 'approve'),
        ]),
      answer(11, 'approve'),
      'ALREADY_DECIDED',
    ],
    [
      'a decision on a returned approval',
      () => applyAll(twoStages(), [answer(10, 'send-back')]),
      answer(11, 'approve'),
      'ALREADY_DECIDED',
    ],
    [
      'a comment under the "none" policy',
      () => startApproval({ commentPolicy: 'none' }),
      answer(10, 'approve', 'hi'),
      'COMMENT_NOT_ALLOWED',
    ],
  ])('refuses %s', (_name, build, command, code) => {
    const approval = build()
    const result = applyCommand(approval, command, ctxAt(AT))
    expect(result).toMatchObject({ ok: false, code })
  })

  it('user 10, in both stages, answers once in each', () => {
    const state = applyAll(afterFirstStage(), [answer(10, 'approve'), answer(20, 'approve')])
    expect(state.status).toBe('approved')
    expect(state.audit.map((entry) => entry.action)).toEqual(['create', 'approve', 'approve', 'approve'])
  })
})
