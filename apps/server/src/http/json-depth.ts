/**
 * @module A bound on JSON nesting, checked on the raw text before anything parses it: `JSON.parse`, zod and the
 * store's serializer all recurse, so a body of a few kilobytes of `[[[[…` could otherwise exhaust the stack.
 */
import { createMiddleware } from 'hono/factory'
import { ValidationError } from '../ports/errors.ts'

/** The deepest nesting any route accepts (a Telegram update nests about six levels, the SPA's bodies five). */
export const maxJsonDepth = 32

const jsonContentType = /^application\/([\w.+-]*\+)?json/i

/**
 * The deepest nesting of objects and arrays in `text`, counted without parsing (brackets inside strings do not
 * count). Stops counting once `limit` is passed. Malformed text still gets a number; parsing judges it later.
 */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0
  let deepest = 0
  let isInString = false
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i)
    if (isInString) {
      if (char === 92 /* \ */) i += 1
      else if (char === 34 /* " */) isInString = false
    } else if (char === 34) isInString = true
    else if (char === 123 /* { */ || char === 91 /* [ */) {
      depth += 1
      if (depth > deepest) deepest = depth
      if (deepest > limit) return deepest
    } else if (char === 125 /* } */ || char === 93 /* ] */) depth -= 1
  }
  return deepest
}

/**
 * Refuses a JSON body nested deeper than `maxDepth` before any route parses it. Runs after the body size limit,
 * so the scan is bounded too; other media types pass untouched.
 * @throws ValidationError `JSON_TOO_DEEP` (400).
 */
export function jsonDepthLimit(options: { maxDepth?: number } = {}) {
  const maxDepth = options.maxDepth ?? maxJsonDepth
  return createMiddleware(async function jsonDepthLimit(c, next) {
    if (jsonContentType.test(c.req.header('content-type') ?? '') && c.req.raw.body !== null) {
      if (jsonDepth(await c.req.text(), maxDepth) > maxDepth) {
        throw new ValidationError('JSON_TOO_DEEP', `JSON nested deeper than ${maxDepth} levels is not accepted`)
      }
    }
    await next()
  })
}
