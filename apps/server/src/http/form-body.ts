/**
 * @module Bitrix24's form bodies: `application/x-www-form-urlencoded` with PHP bracket keys
 * (`auth[member_id]=…&data[FIELDS][ID]=7405`). The one parser of the app; every route that receives such a body
 * validates it through {@link bracketForm}.
 */
import qs from 'qs'
import type { Context } from 'hono'
import { validator } from 'hono/validator'
import type { z } from 'zod'
import { UnsupportedMediaTypeError, ValidationError } from '../ports/errors.ts'
import { zodDetails } from './errors.ts'

/** Nesting deeper than this is kept as a flat key (Bitrix24 payloads use at most four levels). */
const maxDepth = 8
/** More parameters than this are ignored (events carry about twenty). */
const maxParameters = 1000

/**
 * Parses a form-encoded body with bracket keys into nested objects and arrays, as PHP does:
 * `a[b][c]=1&l[]=x&l[]=y` → `{ a: { b: { c: '1' } }, l: ['x', 'y'] }`. Values stay strings; keys that would
 * touch `Object.prototype` (`__proto__`, `constructor[prototype]`) are dropped.
 */
export function parseBracketForm(body: string): Record<string, unknown> {
  return qs.parse(body, {
    depth: maxDepth,
    parameterLimit: maxParameters,
    arrayLimit: 100,
    allowPrototypes: false,
    allowDots: false,
    charset: 'utf-8',
  }) as Record<string, unknown>
}

/** True for the media types Bitrix24 uses for events, robot calls and frame POSTs. */
function isFormEncoded(contentType: string | undefined): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')
}

/**
 * Validator middleware for a bracket-keyed form body: parses it with {@link parseBracketForm}, then with
 * `schema`; the handler reads the result with `c.req.valid('form')`.
 * @throws UnsupportedMediaTypeError (415) when the body is not form-encoded; ValidationError (400)
 * `VALIDATION_FAILED` with field paths when the schema refuses it.
 */
export function bracketForm<Schema extends z.ZodType>(schema: Schema) {
  return validator('form', async (_flat, c): Promise<z.output<Schema>> => {
    if (!isFormEncoded(c.req.header('content-type'))) {
      throw new UnsupportedMediaTypeError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the body as application/x-www-form-urlencoded',
      )
    }
    const parsed = schema.safeParse(parseBracketForm(await c.req.text()))
    if (!parsed.success) {
      throw new ValidationError('VALIDATION_FAILED', 'Invalid input', { details: zodDetails(parsed.error) })
    }
    return parsed.data
  })
}

/**
 * Reads the fields of a POST that only informs the answer (the frame's `member_id`): a bracket-keyed form or a
 * multipart body. Any other media type carries no fields here and reads as empty.
 * @throws ValidationError `MALFORMED_BODY` (400) when a multipart body cannot be parsed.
 */
export async function readFrameFields(c: Context): Promise<Record<string, unknown>> {
  const contentType = c.req.header('content-type')
  if (isFormEncoded(contentType)) return parseBracketForm(await c.req.text())
  if (!/^multipart\/form-data\b/i.test(contentType ?? '')) return {}
  try {
    return await c.req.parseBody()
  } catch (error) {
    // `Request.formData()` rejects a broken multipart body with a TypeError: the client's fault, not ours.
    if (!(error instanceof TypeError)) throw error
    throw new ValidationError('MALFORMED_BODY', 'The multipart body cannot be parsed', { cause: error })
  }
}
