import { describe, expect, it } from 'vitest'
import type { CommentPolicy, ResponseKind } from './approval.ts'
import { checkComment, isCommentAsked, MAX_COMMENT_LENGTH } from './comment-policy.ts'

describe('checkComment', () => {
  const cases: [CommentPolicy, ResponseKind, string | null, string][] = [
    ['none', 'approve', null, 'ok'],
    ['none', 'reject', '   ', 'ok'],
    ['none', 'reject', 'too pricey', 'COMMENT_NOT_ALLOWED'],
    ['optional', 'approve', null, 'ok'],
    ['optional', 'send-back', 'fix the amount', 'ok'],
    ['required-on-reject', 'approve', null, 'ok'],
    ['required-on-reject', 'send-back', null, 'ok'],
    ['required-on-reject', 'reject', null, 'COMMENT_REQUIRED'],
    ['required-on-reject', 'reject', '  \n ', 'COMMENT_REQUIRED'],
    ['required-on-reject', 'reject', 'no budget', 'ok'],
    ['required-on-reject-or-send-back', 'approve', null, 'ok'],
    ['required-on-reject-or-send-back', 'reject', null, 'COMMENT_REQUIRED'],
    ['required-on-reject-or-send-back', 'send-back', '', 'COMMENT_REQUIRED'],
    ['required-on-reject-or-send-back', 'send-back', 'attach the invoice', 'ok'],
    ['always', 'approve', null, 'COMMENT_REQUIRED'],
    ['always', 'approve', 'fine', 'ok'],
    ['always', 'reject', null, 'COMMENT_REQUIRED'],
  ]
  it.each(cases)('%s / %s / %j → %s', (policy, response, comment, expected) => {
    const result = checkComment(policy, response, comment)
    expect(result.ok ? 'ok' : result.code).toBe(expected)
  })

  it('trims the comment and turns a blank one into null', () => {
    expect(checkComment('optional', 'approve', '  ok then  ')).toEqual({ ok: true, comment: 'ok then' })
    expect(checkComment('optional', 'approve', '   ')).toEqual({ ok: true, comment: null })
  })

  it('refuses a comment longer than the limit', () => {
    const result = checkComment('optional', 'approve', 'x'.repeat(MAX_COMMENT_LENGTH + 1))
    expect(result).toMatchObject({ ok: false, code: 'COMMENT_TOO_LONG' })
    expect(checkComment('optional', 'approve', 'x'.repeat(MAX_COMMENT_LENGTH)).ok).toBe(true)
  })
})

describe('isCommentAsked', () => {
  it.each([
    ['optional', 'send-back', true],
    ['required-on-reject', 'send-back', true],
    ['none', 'send-back', false],
    ['optional', 'reject', false],
    ['required-on-reject', 'reject', true],
    ['always', 'approve', true],
    ['optional', 'approve', false],
  ] as const)('%s, %s → %s', (policy, response, asked) => {
    expect(isCommentAsked(policy, response)).toBe(asked)
  })
})
