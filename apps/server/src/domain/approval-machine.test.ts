import { describe, expect, it } from 'vitest'
import type { Approval } from './approval.ts'
import type { ApprovalCommand } from './approval-commands.ts'
import { accepted, answer, applyAll, ctxAt, INITIATOR, startApproval } from '../test-support/approval-builders.ts'
import { applyCommand, TRANSITIONS } from './approval-machine.ts'

const AT = '2026-11-26T12:00:00.000Z'
const initiator = { userId: INITIATOR, isAdmin: false }
const admin = { userId: 1, isAdmin: true }
const commands: ApprovalCommand[] = [
  answer(10, 'approve'),
  { type: 'reassign', actor: admin, fromUserId: 10, toUserId: 20, reason: 'away' },
  { type: 'cancel', actor: initiator, reason: 'no longer needed' },
  { type: 'remind', actor: initiator },
  { type: 'resubmit', actor: initiator, changes: {} },
  { type: 'reminder-due' },
  { type: 'deadline-due', org: { departments: [], userDepartments: {} } },
  { type: 'task-change', actorId: 10, note: { taskId: 501, userId: 10, change: 'deferred', notCounted: null } },
]
const deadline = { workingHours: 1, action: 'reject' as const }
const withTimers = () =>
  startApproval({
    reminders: { everyWorkingHours: 1, maxCount: 3 },
    stages: [{ approverIds: [10, 11, 12], rule: { kind: 'all' }, deadline }],
  })

const terminal: [string, () => Approval][] = [
  [
    'approved',
    () =>
      applyAll(
        startApproval(),
        [10, 11, 12].map((u) => answer(u, 'approve')),
      ),
  ],
  ['rejected', () => applyAll(startApproval(), [answer(11, 'reject')])],
  ['cancelled', () => applyAll(startApproval(), [{ type: 'cancel', actor: initiator, reason: 'x' }])],
  [
    'expired',
    () => applyAll(withTimers(), [{ type: 'deadline-due', org: { departments: [], userDepartments: {} } }], AT),
  ],
]

describe('applyCommand', () => {
  it('has one row per command in its transition table', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual(commands.map((c) => c.type).sort())
  })

  describe.each(terminal)('on an %s approval', (status, build) => {
    it.each(commands.map((command) => [command.type, command] as const))(
      'refuses %s with ALREADY_DECIDED',
      (_type, command) => {
        const approval = build()
        expect(approval.status).toBe(status)
        expect(applyCommand(approval, command, ctxAt(AT))).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' })
      },
    )
  })

  it.each<[string, string]>([
    ['decide', 'ALREADY_DECIDED'],
    ['reassign', 'AWAITING_RESUBMIT'],
    ['remind', 'AWAITING_RESUBMIT'],
    ['reminder-due', 'NOT_DUE'],
    ['deadline-due', 'NOT_DUE'],
  ])('on a returned approval refuses %s with %s', (type, code) => {
    const returned = applyAll(withTimers(), [answer(12, 'send-back')])
    const command = commands.find((c) => c.type === type)!
    expect(applyCommand(returned, command, ctxAt(AT))).toMatchObject({ ok: false, code })
  })

  it('never changes the state it is given', () => {
    const approval = withTimers()
    const snapshot = structuredClone(approval)
    for (const command of commands) applyCommand(approval, command, ctxAt(AT))
    expect(approval).toEqual(snapshot)
  })

  it('drops both timers when the approval closes', () => {
    const result = accepted(applyCommand(withTimers(), answer(10, 'reject'), ctxAt('2026-11-25T06:30:00.000Z')))
    expect(result.effects.filter((effect) => effect.type === 'schedule')).toEqual([
      { type: 'schedule', timer: 'reminder', dueAt: null },
      { type: 'schedule', timer: 'deadline', dueAt: null },
    ])
  })

  it('stamps updatedAt and the audit entry with the context’s time and channel', () => {
    const state = accepted(applyCommand(startApproval(), answer(10, 'approve'), ctxAt(AT, 'bitrix24'))).state
    expect(state.updatedAt).toBe(AT)
    expect(state.audit.at(-1)).toMatchObject({ seq: 2, at: AT, channel: 'bitrix24' })
  })
})
