import { describe, expect, it } from 'vitest'
import {
  approvalDraftSchema,
  cancelInputSchema,
  decisionInputSchema,
  reassignInputSchema,
  resubmitChangesSchema,
  workingCalendarSchema,
} from './approval-schemas.ts'

const moscow = { timeZone: 'Europe/Moscow', workingDays: [1, 2, 3, 4, 5], startHour: 9, endHour: 18 }

describe('workingCalendarSchema', () => {
  it('accepts a Moscow week and defaults holidays to none', () => {
    expect(workingCalendarSchema.parse(moscow)).toEqual({ ...moscow, holidays: [] })
  })

  it.each<[string, object, string]>([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['no working days', { workingDays: [] }, 'workingDays'],
    ['a week day 8', { workingDays: [1, 8] }, 'workingDays.1'],
    ['an end before the start', { startHour: 18, endHour: 9 }, 'endHour'],
    ['an end of 25', { endHour: 25 }, 'endHour'],
    ['a holiday that is not a date', { holidays: ['1 Jan'] }, 'holidays.0'],
  ])('refuses %s', (_name, change, path) => {
    const result = workingCalendarSchema.safeParse({ ...moscow, ...change })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path)
  })
})

describe('request schemas', () => {
  it.each<[string, boolean]>([
    ['{"response":"approve"}', true],
    ['{"response":"send-back","comment":"see the invoice"}', true],
    ['{"response":"maybe"}', false],
    [`{"response":"reject","comment":"${'x'.repeat(2001)}"}`, false],
  ])('decision %s → %s', (body, ok) => {
    expect(decisionInputSchema.safeParse(JSON.parse(body)).success).toBe(ok)
  })

  it.each<[object, boolean]>([
    [{ fromUserId: 10, toUserId: 20, reason: 'vacation' }, true],
    [{ fromUserId: 10, toUserId: 20, reason: '  ' }, false],
    [{ fromUserId: 10, toUserId: -1, reason: 'x' }, false],
  ])('reassign %j → %s', (body, ok) => {
    expect(reassignInputSchema.safeParse(body).success).toBe(ok)
  })

  it('cancel needs a reason', () => {
    expect(cancelInputSchema.safeParse({ reason: '' }).success).toBe(false)
    expect(cancelInputSchema.parse({ reason: ' deal lost ' })).toEqual({ reason: 'deal lost' })
  })
})

describe('approver limits', () => {
  const stage = (from: number, count: number) => ({
    approverIds: Array.from({ length: count }, (_, i) => from + i),
    rule: { kind: 'all' as const },
  })
  const messagesOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
    result.error?.issues.map((issue) => issue.message) ?? []

  it('takes 100 places in all, and refuses 101 with a message that says the limit', () => {
    const draft = (stages: unknown[]) => ({ title: 'Закупка', stages })
    expect(approvalDraftSchema.safeParse(draft([stage(1, 50), stage(101, 50)])).success).toBe(true)
    const over = approvalDraftSchema.safeParse(draft([stage(1, 50), stage(101, 50), stage(201, 1)]))
    expect(messagesOf(over)).toEqual(['An approval holds at most 100 approvers in all its stages (101 given).'])
    const resubmitted = resubmitChangesSchema.safeParse({ stages: [stage(1, 40), stage(101, 40), stage(201, 40)] })
    expect(messagesOf(resubmitted)).toEqual(['An approval holds at most 100 approvers in all its stages (120 given).'])
  })

  it('refuses a stage of 51 with a message that says the limit', () => {
    const result = approvalDraftSchema.safeParse({ title: 'Закупка', stages: [stage(1, 51)] })
    expect(messagesOf(result)).toEqual(['A stage holds at most 50 approvers.'])
  })
})
