import { describe, expect, it } from 'vitest'
import type { ApprovalCommand } from './approval-commands.ts'
import { applyCommand } from './approval-machine.ts'
import { accepted, ctxAt, INITIATOR, startApproval } from '../test-support/approval-builders.ts'

const remind: ApprovalCommand = { type: 'remind', actor: { userId: INITIATOR, isAdmin: false } }
const T = '2026-11-25T07:00:00.000Z'
const at = (minutes: number) => new Date(Date.parse(T) + minutes * 60_000).toISOString()

describe('reminders are bounded per approver and approval', () => {
  it('refuses a second "remind" within the interval, and takes it again once the interval passed', () => {
    const reminded = accepted(applyCommand(startApproval(), remind, ctxAt(T)))
    expect(reminded.effects).toEqual([{ type: 'notify-approvers', userIds: [10, 11, 12], reason: 'reminder' }])
    for (const minutes of [0, 1, 59]) {
      expect(applyCommand(reminded.state, remind, ctxAt(at(minutes)))).toMatchObject({
        ok: false,
        code: 'REMINDED_RECENTLY',
        message: expect.stringMatching(/60 minutes/),
      })
    }
    expect(accepted(applyCommand(reminded.state, remind, ctxAt(at(60)))).effects).toHaveLength(1)
  })

  it('follows the portal’s interval', () => {
    const reminded = accepted(applyCommand(startApproval(), remind, ctxAt(T))).state
    const ctx = { ...ctxAt(at(5)), reminderIntervalMs: 5 * 60_000 }
    expect(accepted(applyCommand(reminded, remind, ctx)).effects).toHaveLength(1)
  })

  it('leaves out of a scheduled reminder whoever was reminded by hand within the interval', () => {
    // Reminders every half working hour: the first is due at 09:30 Moscow (06:30 UTC), before the manual one.
    const approval = startApproval({ reminders: { everyWorkingHours: 0.5, maxCount: 5 } })
    const byHand = accepted(applyCommand(approval, remind, ctxAt(T))).state
    const due = byHand.rounds[0]!.stages[0]!.nextReminderAt!
    expect(Date.parse(due)).toBeLessThanOrEqual(Date.parse(at(30)))
    const tick = accepted(applyCommand(byHand, { type: 'reminder-due' }, ctxAt(at(30))))
    expect(tick.effects.filter((effect) => effect.type === 'notify-approvers')).toEqual([])
    const later = tick.state.rounds[0]!.stages[0]!.nextReminderAt!
    const next = accepted(applyCommand(tick.state, { type: 'reminder-due' }, ctxAt(later > at(60) ? later : at(60))))
    expect(next.effects).toContainEqual({ type: 'notify-approvers', userIds: [10, 11, 12], reason: 'reminder' })
  })
})
