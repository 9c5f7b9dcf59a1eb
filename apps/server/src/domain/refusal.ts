/**
 * @module Domain refusals: an illegal command is answered with a value, never an exception. Services map the
 * `code` to an `AppError` (409 for state conflicts, 403 for permissions, 400 for input).
 */

/**
 * Every stable refusal code of the approval domain.
 * - `INVALID_INPUT`: the draft, calendar or command fails its schema (`issues` lists the fields).
 * - `ALREADY_DECIDED`: the approval (or, for a decision, the round or the caller's stage) is closed.
 * - `ALREADY_ANSWERED`: this approver already answered in this round.
 * - `NOT_AN_APPROVER`: the caller holds no place in the current round.
 * - `NOT_YOUR_TURN`: the caller's stage has not started yet.
 * - `COMMENT_REQUIRED` / `COMMENT_NOT_ALLOWED` / `COMMENT_TOO_LONG`: the comment policy said no.
 * - `REASON_REQUIRED`: cancel and reassign need a non-empty reason.
 * - `NOT_ALLOWED`: the caller's role does not permit the action.
 * - `ALREADY_AN_APPROVER`: a reassignment target already holds a place in the stage.
 * - `SELF_APPROVAL`: the initiator would become an approver of their own request, and the portal does not allow it.
 * - `ROUND_CHANGED`: a Telegram card made for an earlier round (the request changed since) was used.
 * - `REMINDED_RECENTLY`: every approver waiting was reminded within the portal's reminder interval.
 * - `NOT_RETURNED`: only a returned approval can be resubmitted.
 * - `AWAITING_RESUBMIT`: the approval was sent back; only resubmit or cancel apply.
 * - `SEND_BACK_DISABLED`: the approval was started without "send back for revision"; only approve or reject.
 * - `NOT_DUE`: a reminder or deadline tick arrived before its time or for a timer that no longer exists.
 * - `ALREADY_RECORDED`: the history already says this about an approver's Bitrix24 task.
 */
export type RefusalCode =
  | 'INVALID_INPUT'
  | 'ALREADY_DECIDED'
  | 'ALREADY_ANSWERED'
  | 'NOT_AN_APPROVER'
  | 'NOT_YOUR_TURN'
  | 'COMMENT_REQUIRED'
  | 'COMMENT_NOT_ALLOWED'
  | 'COMMENT_TOO_LONG'
  | 'REASON_REQUIRED'
  | 'NOT_ALLOWED'
  | 'ALREADY_AN_APPROVER'
  | 'SELF_APPROVAL'
  | 'ROUND_CHANGED'
  | 'REMINDED_RECENTLY'
  | 'NOT_RETURNED'
  | 'AWAITING_RESUBMIT'
  | 'SEND_BACK_DISABLED'
  | 'NOT_DUE'
  | 'ALREADY_RECORDED'

/** One field problem of an `INVALID_INPUT` refusal. */
export interface InputIssue {
  path: string
  message: string
}

/** A refused command: nothing changed. */
export interface Refusal {
  ok: false
  code: RefusalCode
  message: string
  issues?: InputIssue[]
}

/** Builds a refusal value. */
export function refuse(code: RefusalCode, message: string, issues?: InputIssue[]): Refusal {
  return issues === undefined ? { ok: false, code, message } : { ok: false, code, message, issues }
}
