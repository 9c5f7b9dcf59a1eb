/**
 * @module Request validation: the one wrapper around `@hono/zod-validator`, so every route answers bad input
 * with the same 400 `VALIDATION_FAILED` body (field paths in `details`) and a non-JSON body with 415.
 */
import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import type { ZodType } from 'zod'
import { UnsupportedMediaTypeError, ValidationError } from '../ports/errors.ts'
import { zodDetails } from './errors.ts'

/**
 * Validates one part of the request (`json`, `query`, `param`, `form`, `header`) with `schema`.
 * @throws ValidationError (400) on invalid input; UnsupportedMediaTypeError (415) when a JSON body is expected
 * but the request says otherwise.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(
  target: Target,
  schema: Schema,
) {
  return zValidator(target, schema, (result, c) => {
    if (target === 'json' && !/^application\/([\w.+-]*\+)?json/i.test(c.req.header('content-type') ?? '')) {
      throw new UnsupportedMediaTypeError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json')
    }
    if (!result.success) {
      throw new ValidationError('VALIDATION_FAILED', 'Invalid input', { details: zodDetails(result.error as never) })
    }
  })
}
