/**
 * @module The opaque cursor of an index page: the `(score, member)` of the last entry returned.
 */
import { ValidationError } from '../../../ports/errors.ts'

const scorePattern = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i

/** Where the previous page ended. `score` is kept as Redis printed it, so it round-trips exactly. */
export interface IndexCursor {
  score: string
  member: string
}

/** Encodes a cursor as base64url JSON. */
export function encodeIndexCursor(cursor: IndexCursor): string {
  return Buffer.from(JSON.stringify([cursor.score, cursor.member]), 'utf8').toString('base64url')
}

/**
 * Decodes a cursor made by {@link encodeIndexCursor}.
 * @throws ValidationError `INVALID_CURSOR` when the text is not such a cursor.
 */
export function decodeIndexCursor(text: string): IndexCursor {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch (cause) {
    throw new ValidationError('INVALID_CURSOR', 'The index cursor is malformed', { cause })
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    !scorePattern.test(parsed[0]) ||
    typeof parsed[1] !== 'string'
  ) {
    throw new ValidationError('INVALID_CURSOR', 'The index cursor is malformed')
  }
  return { score: parsed[0], member: parsed[1] }
}
