import { describe, expect, it } from 'vitest'
import { dueAtIssue } from './approval-deadline.ts'

const NOW = new Date('2026-12-07T10:00:00Z')

describe('dueAtIssue', () => {
  it.each([
    ['a minute ago', '2026-12-07T09:59:00Z', 'The deadline must be in the future.'],
    ['right now', '2026-12-07T10:00:00Z', 'The deadline must be in the future.'],
    ['in an hour', '2026-12-07T11:00:00Z', null],
    ['the same day next year', '2027-12-07T10:00:00Z', null],
    ['a year and two days ahead', '2027-12-09T10:00:00Z', 'The deadline must be at most a year ahead.'],
    ['31.12.9999', '9999-12-31T23:59:00Z', 'The deadline must be at most a year ahead.'],
  ])('judges a deadline %s', (_name, dueAt, message) => {
    const issue = dueAtIssue(dueAt, NOW)
    expect(issue?.message ?? null).toBe(message)
    if (issue) expect(issue.path).toBe('deadline.dueAt')
  })
})
