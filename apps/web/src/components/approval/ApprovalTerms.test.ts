import { describe, expect, it } from 'vitest'
import { toApprovalDto } from '../../../../server/src/http/approval-dto.ts'
import { startApproval } from '../../../../server/src/test-support/approval-builders.ts'
import { mountWithApp } from '../../test-support/mount.ts'
import ApprovalTerms from './ApprovalTerms.vue'

const approver = { userId: 10, isAdmin: false }
const timed = startApproval({
  deadline: { dueAt: '2026-11-30T15:00:00Z', action: 'reject' },
  stages: [
    { approverIds: [10, 11], rule: { kind: 'quorum', count: 1 }, deadline: { workingHours: 8, action: 'escalate' } },
  ],
  reminders: { everyWorkingHours: 4, maxCount: 3 },
  commentPolicy: 'required-on-reject',
})

const termsOf = (approval: ReturnType<typeof startApproval>, locale: 'en' | 'ru' = 'en') => {
  const wrapper = mountWithApp(ApprovalTerms, { props: { approval: toApprovalDto(approval, approver) }, locale })
  return (testId: string) => wrapper.find(`[data-testid="terms-${testId}"]`).text()
}

describe('ApprovalTerms', () => {
  it('shows the deadline, the stage deadline, the rule, the reminders and the comment policy', () => {
    const terms = termsOf(timed)
    expect(terms('deadline')).toMatch(/Nov 30, 2026.*then: Reject/)
    // The stage started at 9:00 on Wednesday 25 November in Moscow: 8 working hours end at 17:00 that day.
    expect(terms('stage-deadline')).toMatch(/Nov 25, 2026.*then: Hand to the department head/)
    expect(terms('rule')).toBe('1 of them')
    expect(terms('reminders')).toBe('every 4 working hours, up to 3 times')
    expect(terms('comments')).toBe('Required to reject')
  })

  it('says "none" where the approval has no deadline or reminders, in Russian too', () => {
    const terms = termsOf(startApproval(), 'ru')
    expect(terms('deadline')).toBe('нет')
    expect(terms('stage-deadline')).toBe('нет')
    expect(terms('reminders')).toBe('нет')
    expect(terms('rule')).toBe('Все')
  })

  it('flags a passed deadline as overdue while the approval is pending', () => {
    const terms = termsOf(startApproval({ deadline: { dueAt: '2026-11-26T15:00:00Z', action: 'mark-overdue' } }))
    expect(terms('deadline')).toContain('Overdue')
  })
})
