/**
 * @module b24jssdk failures → our errors, keeping "Bitrix24 said no" apart from "Bitrix24 did not answer"
 * (style.md, Errors). Messages never contain tokens: the SDK's request info stays in `cause`, which is not
 * serialized.
 */
import { AjaxError, SdkError } from '@bitrix24/b24jssdk'
import {
  AppError,
  AuthError,
  PermissionError,
  RateLimitedError,
  UpstreamError,
  ValidationError,
} from '../../ports/errors.ts'

const authCodes = new Set([
  'expired_token',
  'invalid_token',
  'NO_AUTH_FOUND',
  'INVALID_CREDENTIALS',
  'authorization_error',
])
const permissionCodes = new Set(['ACCESS_DENIED', 'insufficient_scope', 'user_access_error', 'WRONG_AUTH_TYPE'])
const upstreamCodes = new Set([
  'NETWORK_ERROR',
  'REQUEST_TIMEOUT',
  'INTERNAL_SERVER_ERROR',
  'ERROR_UNEXPECTED_ANSWER',
  'PORTAL_DELETED',
  'OVERLOAD_LIMIT',
])

/** Finds an AppError we threw ourselves (e.g. from the refresh callback) inside the SDK's wrapping. */
function ownError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error
  if (error instanceof SdkError) {
    const original = (error as SdkError & { originalError?: unknown }).originalError
    if (original instanceof AppError) return original
  }
  return undefined
}

/**
 * Bitrix24's own `error_description` when the SDK kept only the HTTP text: legacy CRM methods answer 400 with an
 * empty `error` code ("Not found", "Access denied."), which the SDK does not parse, so the text is read from the
 * answer the error carries.
 */
function answerDescription(error: SdkError): string | undefined {
  const axiosError = (error as SdkError & { originalError?: unknown }).originalError
  const data = (axiosError as { response?: { data?: unknown } } | undefined)?.response?.data
  const description = (data as { error_description?: unknown } | undefined)?.error_description
  return typeof description === 'string' && description !== '' ? description : undefined
}

/**
 * Maps anything the SDK threw or reported to an AppError: auth codes → AuthError `BITRIX24_AUTH_FAILED`,
 * `QUERY_LIMIT_EXCEEDED` / `OPERATION_TIME_LIMIT` → RateLimitedError, access codes → PermissionError
 * `BITRIX24_ACCESS_DENIED`, network and 5xx → UpstreamError `BITRIX24_UNAVAILABLE`, any other Bitrix24 error →
 * ValidationError `BITRIX24_ERROR` with `details: { error, description }`.
 */
export function toAppError(error: unknown, method: string): AppError {
  const own = ownError(error)
  if (own) return own
  if (!(error instanceof SdkError)) {
    return new UpstreamError('BITRIX24_UNAVAILABLE', `Bitrix24 call ${method} failed`, { cause: error })
  }
  const code = error.code
  const status = error instanceof AjaxError || error instanceof SdkError ? Number(error.status) : 0
  const details = { method, error: code, description: answerDescription(error) ?? error.message }
  if (authCodes.has(code))
    return new AuthError('BITRIX24_AUTH_FAILED', 'Bitrix24 refused the token', { details, cause: error })
  if (code === 'QUERY_LIMIT_EXCEEDED' || status === 503) {
    return new RateLimitedError('BITRIX24_RATE_LIMITED', 'Bitrix24 rate limit reached', 2_000, {
      details,
      cause: error,
    })
  }
  if (code === 'OPERATION_TIME_LIMIT' || status === 429) {
    return new RateLimitedError('BITRIX24_RATE_LIMITED', 'Bitrix24 method time limit reached', 10_000, {
      details,
      cause: error,
    })
  }
  if (permissionCodes.has(code)) {
    return new PermissionError('BITRIX24_ACCESS_DENIED', 'Bitrix24 denied the call', { details, cause: error })
  }
  if (upstreamCodes.has(code) || status >= 500 || status === 0) {
    return new UpstreamError('BITRIX24_UNAVAILABLE', `Bitrix24 call ${method} failed`, { details, cause: error })
  }
  return new ValidationError('BITRIX24_ERROR', `Bitrix24 refused ${method}`, { details, cause: error })
}

/** The first error a failed SDK `Result` carries, mapped with {@link toAppError}. */
export function resultError(errors: Iterable<Error>, method: string): AppError {
  for (const error of errors) return toAppError(error, method)
  return new UpstreamError('BITRIX24_UNAVAILABLE', `Bitrix24 call ${method} failed without an error`)
}
