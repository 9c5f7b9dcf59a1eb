/**
 * @module Maps the domain's refusal values to the application's errors: bad input 400, a role that may not act
 * 403, a state that no longer allows the action 409 (`ALREADY_DECIDED` is the "already decided" answer).
 */
import type { Refusal, RefusalCode } from '../../domain/index.ts'
import type { AppError } from '../../ports/errors.ts'
import { ConflictError, PermissionError, ValidationError } from '../../ports/errors.ts'

const classByCode: Record<RefusalCode, new (code: string, message: string, o?: { details?: unknown }) => AppError> = {
  INVALID_INPUT: ValidationError,
  COMMENT_REQUIRED: ValidationError,
  COMMENT_NOT_ALLOWED: ValidationError,
  COMMENT_TOO_LONG: ValidationError,
  REASON_REQUIRED: ValidationError,
  NOT_AN_APPROVER: PermissionError,
  NOT_ALLOWED: PermissionError,
  ALREADY_DECIDED: ConflictError,
  ALREADY_ANSWERED: ConflictError,
  NOT_YOUR_TURN: ConflictError,
  ALREADY_AN_APPROVER: ConflictError,
  SELF_APPROVAL: ValidationError,
  ROUND_CHANGED: ConflictError,
  REMINDED_RECENTLY: ConflictError,
  NOT_RETURNED: ConflictError,
  AWAITING_RESUBMIT: ConflictError,
  SEND_BACK_DISABLED: ConflictError,
  NOT_DUE: ConflictError,
  ALREADY_RECORDED: ConflictError,
}

/** The error to throw for a refusal; field issues of `INVALID_INPUT` travel in `details`. */
export function refusalError(refusal: Refusal): AppError {
  const ErrorClass = classByCode[refusal.code]
  return new ErrorClass(refusal.code, refusal.message, refusal.issues ? { details: refusal.issues } : {})
}
