import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/client.ts'
import { describeIssue, issuesOfError } from './form-issues.ts'

describe('describeIssue', () => {
  it.each([
    ['title', 'form.issues.title', {}],
    ['stages', 'form.issues.stages', {}],
    ['stages.0.approverIds', 'form.issues.approvers', { n: 1 }],
    ['stages.2.approverIds.1', 'form.issues.approvers', { n: 3 }],
    ['stages.1.rule.count', 'form.issues.quorum', { n: 2 }],
    ['stages.0.rule.percent', 'form.issues.percent', { n: 1 }],
    ['stages.4.deadline.workingHours', 'form.issues.stageDeadline', { n: 5 }],
    ['deadline.dueAt', 'form.issues.dueAt', {}],
    ['reminders.everyWorkingHours', 'form.issues.remindEvery', {}],
    ['reminders.maxCount', 'form.issues.remindMax', {}],
  ])('names the field of %s, counting stages from 1', (path, key, params) => {
    expect(describeIssue({ path, message: 'Too small' })).toEqual({ key, params })
  })

  it('knows nothing of other paths', () => {
    expect(describeIssue({ path: 'subject.url', message: 'Invalid URL' })).toBeNull()
    expect(describeIssue({ path: 'titles', message: 'x' })).toBeNull()
  })
})

describe('issuesOfError', () => {
  it("reads the field problems of the server's 400 answer", () => {
    const details = [{ path: 'deadline.dueAt', message: 'The deadline must be in the future.' }, { nonsense: 1 }]
    const refusal = new ApiError(400, 'INVALID_INPUT', 'The draft is invalid', details)
    expect(issuesOfError(refusal)).toEqual([details[0]])
  })

  it('finds none in other failures', () => {
    expect(issuesOfError(new ApiError(409, 'CONFLICT', 'x', [{ path: 'title', message: 'y' }]))).toEqual([])
    expect(issuesOfError(new Error('offline'))).toEqual([])
    expect(issuesOfError(null)).toEqual([])
  })
})
