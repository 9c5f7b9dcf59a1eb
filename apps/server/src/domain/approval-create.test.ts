import { describe, expect, it } from 'vitest'
import { createApproval } from './approval-create.ts'
import { ctxAt, draftOf, INITIATOR, START, startApproval } from '../test-support/approval-builders.ts'
import type { ApprovalDraftInput } from './approval-schemas.ts'

const create = (draft: ApprovalDraftInput, robotEventToken?: string) =>
  createApproval(
    { draft, memberId: 'a1b2c3', initiatorId: INITIATOR, robotEventToken },
    { ...ctxAt(START), id: '01JDAPPROVAL00000000000001' },
  )

describe('createApproval', () => {
  it('starts round 1 at the first stage with a task and a notice per approver', () => {
    const result = create(draftOf())
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const { state, effects } = result
    expect(state).toMatchObject({
      id: '01JDAPPROVAL00000000000001',
      memberId: 'a1b2c3',
      status: 'pending',
      initiatorId: 3,
      commentPolicy: 'optional',
      createdAt: START,
      closedAt: null,
    })
    expect(state.rounds).toHaveLength(1)
    expect(state.rounds[0]?.stages[0]?.seats).toEqual([
      { userId: 10, originalUserId: 10, response: null },
      { userId: 11, originalUserId: 11, response: null },
      { userId: 12, originalUserId: 12, response: null },
    ])
    expect(effects).toEqual([
      { type: 'notify-approvers', userIds: [10, 11, 12], reason: 'stage-started' },
      { type: 'task-create', userId: 10, round: 1, stageIndex: 0, deadlineAt: null },
      { type: 'task-create', userId: 11, round: 1, stageIndex: 0, deadlineAt: null },
      { type: 'task-create', userId: 12, round: 1, stageIndex: 0, deadlineAt: null },
    ])
    expect(state.audit).toEqual([
      {
        seq: 1,
        at: START,
        action: 'create',
        actorId: 3,
        actingFor: null,
        channel: 'web',
        comment: null,
        round: 1,
        stageIndex: 0,
        handovers: [],
        timeoutAction: null,
        outcome: null,
      },
    ])
  })

  it('computes stage deadline and first reminder in working time and schedules both', () => {
    const state = startApproval({
      stages: [{ approverIds: [10], rule: { kind: 'any' }, deadline: { workingHours: 16, action: 'reject' } }],
      reminders: { everyWorkingHours: 4, maxCount: 2 },
    })
    const stage = state.rounds[0]?.stages[0]
    // Wednesday 9:00 Moscow + 16 working hours = Thursday 16:00 Moscow; + 4 = Wednesday 13:00.
    expect(stage?.dueAt).toBe('2026-11-26T13:00:00.000Z')
    expect(stage?.nextReminderAt).toBe('2026-11-25T10:00:00.000Z')
    const result = create(draftOf({ stages: state.stages, reminders: state.reminders }))
    expect(result.ok && result.effects.filter((effect) => effect.type === 'schedule')).toEqual([
      { type: 'schedule', timer: 'reminder', dueAt: '2026-11-25T10:00:00.000Z' },
      { type: 'schedule', timer: 'deadline', dueAt: '2026-11-26T13:00:00.000Z' },
    ])
  })

  it('normalizes the approval deadline to UTC and gives it to the tasks', () => {
    const result = create(draftOf({ deadline: { dueAt: '2026-11-27T18:00:00+03:00', action: 'mark-overdue' } }))
    expect(result.ok && result.state.deadline).toEqual({
      dueAt: '2026-11-27T15:00:00.000Z',
      action: 'mark-overdue',
      firedAt: null,
    })
    expect(result.ok && result.effects).toContainEqual({
      type: 'task-create',
      userId: 10,
      round: 1,
      stageIndex: 0,
      deadlineAt: '2026-11-27T15:00:00.000Z',
    })
  })

  it.each([
    ['deal', true],
    ['lead', true],
    ['task', false],
  ] as const)('a %s subject gets a timeline comment: %s', (kind, expected) => {
    const result = create(draftOf({ subject: { kind, id: 42, title: 'Вектор', amount: 1_200_000, currency: 'RUB' } }))
    const timeline = result.ok ? result.effects.filter((effect) => effect.type === 'timeline-comment') : []
    expect(timeline).toEqual(expected ? [{ type: 'timeline-comment', event: 'started', round: 1 }] : [])
  })

  it('keeps the robot’s event token', () => {
    expect(startApproval({}, 'evt-token-1').robotEventToken).toBe('evt-token-1')
  })

  it('is deterministic: the same input gives the same output', () => {
    expect(create(draftOf())).toEqual(create(draftOf()))
  })

  const many = (n: number, from = 100) => Array.from({ length: n }, (_, i) => from + i)
  const stage = (approverIds: number[]) => ({ approverIds, rule: { kind: 'all' as const } })
  it.each<[string, Partial<ApprovalDraftInput>, string]>([
    ['an empty title', { title: '   ' }, 'title'],
    ['a title of 256 characters', { title: 'x'.repeat(256) }, 'title'],
    ['a description of 4,001 characters', { description: 'x'.repeat(4001) }, 'description'],
    ['no stages', { stages: [] }, 'stages'],
    ['11 stages', { stages: many(11).map((id) => stage([id])) }, 'stages'],
    ['a stage with 0 approvers', { stages: [stage([])] }, 'stages.0.approverIds'],
    ['a stage with 51 approvers', { stages: [stage(many(51))] }, 'stages.0.approverIds'],
    ['an approver twice in a stage', { stages: [stage([10, 11, 10])] }, 'stages.0.approverIds'],
    ['a user id that is not a positive integer', { stages: [stage([0])] }, 'stages.0.approverIds.0'],
    [
      'a quorum above the number of approvers',
      { stages: [{ approverIds: [10, 11], rule: { kind: 'quorum', count: 3 } }] },
      'stages.0.rule.count',
    ],
    [
      'a percent of 0',
      { stages: [{ approverIds: [10], rule: { kind: 'percent', percent: 0 } }] },
      'stages.0.rule.percent',
    ],
    [
      'a percent of 101',
      { stages: [{ approverIds: [10], rule: { kind: 'percent', percent: 101 } }] },
      'stages.0.rule.percent',
    ],
    ['a deadline in the past', { deadline: { dueAt: '2026-11-25T05:00:00Z', action: 'reject' } }, 'deadline.dueAt'],
    [
      'a deadline more than a year ahead',
      { deadline: { dueAt: '9999-12-31T23:59:00Z', action: 'reject' } },
      'deadline.dueAt',
    ],
    ['a currency that is not ISO 4217', { subject: { kind: 'deal', id: 1, currency: 'rub' } }, 'subject.currency'],
    [
      'a subject link that is not http(s)',
      { subject: { kind: 'deal', id: 1, url: 'javascript:alert(1)' } },
      'subject.url',
    ],
  ])('refuses %s with INVALID_INPUT', (_name, overrides, path) => {
    const result = create(draftOf(overrides))
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(!result.ok && result.issues?.map((issue) => issue.path)).toContain(path)
  })

  it('accepts the limits themselves: 10 stages, 50 approvers, 255 and 4,000 characters', () => {
    const result = create(
      draftOf({
        title: 'x'.repeat(255),
        description: 'y'.repeat(4000),
        stages: [stage(many(50)), ...many(9, 200).map((id) => stage([id]))],
      }),
    )
    expect(result.ok).toBe(true)
    expect(result.ok && result.effects.filter((effect) => effect.type === 'task-create')).toHaveLength(50)
  })
})
