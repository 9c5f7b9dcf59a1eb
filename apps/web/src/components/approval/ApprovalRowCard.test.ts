import { describe, expect, it } from 'vitest'
import { approvalRow } from '../../test-support/fixtures.ts'
import { mountWithApp } from '../../test-support/mount.ts'
import ApprovalRowCard from './ApprovalRowCard.vue'

const cardOf = (row: ReturnType<typeof approvalRow>) =>
  mountWithApp(ApprovalRowCard, { props: { row, initiatorName: 'Анна Смирнова' } })

describe('ApprovalRowCard ("waiting for me" and "sent" cards)', () => {
  it('shows the due time, and flags it when it has passed', () => {
    const onTime = cardOf(approvalRow('A1', { dueAt: '2099-01-10T12:00:00.000Z' }))
    expect(onTime.find('[data-testid="approval-row-due"]').text()).toMatch(/^Deadline: Jan 10, 2099/)
    expect(onTime.text()).not.toContain('Overdue')
    const late = cardOf(approvalRow('A2', { dueAt: '2026-11-21T12:00:00.000Z', overdueAt: '2026-11-21T12:00:00.000Z' }))
    expect(late.find('[data-testid="approval-row-due"]').text()).toContain('Overdue')
  })

  it('says nothing about time for an approval without a deadline', () => {
    expect(cardOf(approvalRow('A3')).find('[data-testid="approval-row-due"]').exists()).toBe(false)
  })
})
