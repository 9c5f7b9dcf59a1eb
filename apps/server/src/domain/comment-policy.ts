/**
 * @module Comment policy: whether an answer must, may or must not carry a comment.
 */
import type { CommentPolicy, ResponseKind } from './approval.ts'
import { refuse, type Refusal } from './refusal.ts'

/** The longest comment kept with an answer (Telegram captions and Bitrix24 task comments stay readable). */
export const MAX_COMMENT_LENGTH = 2000

/** Whether `policy` demands a comment for an answer of this kind. */
export function isCommentRequired(policy: CommentPolicy, response: ResponseKind): boolean {
  switch (policy) {
    case 'always':
      return true
    case 'required-on-reject':
      return response === 'reject'
    case 'required-on-reject-or-send-back':
      return response !== 'approve'
    case 'none':
    case 'optional':
      return false
  }
}

/**
 * Whether an answer of this kind is asked for a comment before it is sent: when the policy requires one, and for a
 * send-back always (the initiator needs to know what to change), unless the policy takes no comments at all.
 */
export function isCommentAsked(policy: CommentPolicy, response: ResponseKind): boolean {
  if (response === 'send-back' && policy !== 'none') return true
  return isCommentRequired(policy, response)
}

/**
 * Checks a comment against the policy and returns it trimmed (`null` when empty), or a refusal:
 * `COMMENT_REQUIRED` when the policy needs one and it is missing or blank, `COMMENT_NOT_ALLOWED` for a non-blank
 * comment under `none` (refused rather than dropped, so nothing the approver wrote is silently lost),
 * `COMMENT_TOO_LONG` above {@link MAX_COMMENT_LENGTH} characters.
 */
export function checkComment(
  policy: CommentPolicy,
  response: ResponseKind,
  comment: string | null | undefined,
): { ok: true; comment: string | null } | Refusal {
  const text = (comment ?? '').trim()
  if (text === '') {
    return isCommentRequired(policy, response)
      ? refuse('COMMENT_REQUIRED', `A comment is required to ${response} under the "${policy}" policy.`)
      : { ok: true, comment: null }
  }
  if (policy === 'none') return refuse('COMMENT_NOT_ALLOWED', 'This approval does not take comments.')
  if (text.length > MAX_COMMENT_LENGTH) {
    return refuse('COMMENT_TOO_LONG', `A comment is at most ${MAX_COMMENT_LENGTH} characters.`)
  }
  return { ok: true, comment: text }
}
