/**
 * @module The one place that turns errors into HTTP answers: `{ error: { code, message, details } }` with the
 * status of its class (400, 401, 403, 404, 409, 413, 415, 429, 503). Anything unexpected becomes a logged 500 `INTERNAL` with a generic message.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ZodError } from 'zod'
import {
  AppError,
  AuthError,
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionError,
  RateLimitedError,
  UnsupportedMediaTypeError,
  UpstreamError,
  ValidationError,
} from '../ports/errors.ts'

const statusByClass: [new (...args: never[]) => AppError, ContentfulStatusCode][] = [
  [ValidationError, 400],
  [AuthError, 401],
  [PermissionError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [PayloadTooLargeError, 413],
  [UnsupportedMediaTypeError, 415],
  [RateLimitedError, 429],
  [UpstreamError, 503],
]

const codeByHttpStatus: Record<number, string> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
}

/** The JSON error body every route answers with. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown }
}

/** Answers with the error body; the one helper every error path uses. */
export function errorResponse(c: Context, status: ContentfulStatusCode, body: ErrorBody['error']) {
  return c.json<ErrorBody>({ error: body }, status)
}

/** Turns zod issues into `{ path, message }` details (field paths, never input values). */
export function zodDetails(error: ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
}

/** Hono `onError`: maps AppError classes, zod errors and Hono's HTTPException; logs and hides anything else. */
export const onError: ErrorHandler = (error, c) => {
  if (error instanceof AppError) {
    const status = statusByClass.find(([type]) => error instanceof type)?.[1] ?? 500
    if (error instanceof RateLimitedError) c.header('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)))
    return errorResponse(c, status, { code: error.code, message: error.message, details: error.details })
  }
  if (error instanceof ZodError) {
    return errorResponse(c, 400, { code: 'VALIDATION_FAILED', message: 'Invalid input', details: zodDetails(error) })
  }
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode
    return errorResponse(c, status, { code: codeByHttpStatus[status] ?? 'BAD_REQUEST', message: error.message })
  }
  console.error(`[${c.req.method} ${c.req.path}] unhandled error:`, error instanceof Error ? error.stack : error)
  return errorResponse(c, 500, { code: 'INTERNAL', message: 'Internal error' })
}

/** Hono `notFound`: unknown routes get the JSON error body, not Hono's text page. */
export const notFound: NotFoundHandler = (c) =>
  errorResponse(c, 404, { code: 'NOT_FOUND', message: `No route for ${c.req.method} ${c.req.path}` })
