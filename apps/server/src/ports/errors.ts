/**
 * @module Application errors: the classes services and adapters throw. `http/errors.ts` is their only mapper
 * to HTTP statuses and the `{ error: { code, message, details } }` body.
 */

/** Base class of every error the application throws on purpose. `cause` is kept but never serialized. */
export class AppError extends Error {
  /** Stable SNAKE_CASE code, part of the API. */
  readonly code: string
  /** Safe, JSON-serializable details (never tokens or secrets). */
  readonly details?: unknown

  constructor(code: string, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.details = options.details
  }
}

/** Input does not match what the API accepts (400). */
export class ValidationError extends AppError {}
/** The caller is not authenticated, or its proof is invalid (401). */
export class AuthError extends AppError {}
/** The caller is authenticated but may not do this (403). */
export class PermissionError extends AppError {}
/** The thing does not exist, or not for this portal (404). */
export class NotFoundError extends AppError {}
/** The request conflicts with the current state (409). */
export class ConflictError extends AppError {}
/** The body is larger than accepted (413). */
export class PayloadTooLargeError extends AppError {}
/** The body's media type is not accepted (415). */
export class UnsupportedMediaTypeError extends AppError {}

/** Too many requests, here or upstream (429); `retryAfterMs` says when to try again. */
export class RateLimitedError extends AppError {
  readonly retryAfterMs: number
  constructor(
    code: string,
    message: string,
    retryAfterMs: number,
    options: { details?: unknown; cause?: unknown } = {},
  ) {
    super(code, message, options)
    this.retryAfterMs = retryAfterMs
  }
}

/** A service we depend on (store, Bitrix24, Telegram) did not answer or answered with a failure (503). */
export class UpstreamError extends AppError {}
/** Data at rest failed its integrity check, e.g. a sealed secret was altered or sealed with another APP_SECRET (500). */
export class IntegrityError extends AppError {}
