/**
 * @module Conversions between Store values and the strings and numbers that travel to and from Lua scripts.
 */
import { UpstreamError, ValidationError } from '../../../ports/errors.ts'

/**
 * Serialises a stored value as JSON.
 * @throws ValidationError `UNSERIALIZABLE_VALUE` for values JSON cannot hold (`undefined`, functions).
 */
export function toJson(value: unknown): string {
  const json = JSON.stringify(value)
  if (json === undefined) throw new ValidationError('UNSERIALIZABLE_VALUE', 'The store holds JSON values only')
  return json
}

/**
 * Parses a stored JSON value.
 * @throws UpstreamError `STORE_CORRUPT` when the store returned something that is not JSON.
 */
export function parseJson<T>(json: string): T {
  try {
    return JSON.parse(json) as T
  } catch (cause) {
    throw new UpstreamError('STORE_CORRUPT', 'The store returned a value that is not JSON', { cause })
  }
}

/**
 * A score, due time or `now` as a decimal string Redis parses back to the same double.
 * @throws ValidationError `INVALID_SCORE` when the number is not finite.
 */
export function requireScore(score: number): string {
  if (!Number.isFinite(score)) throw new ValidationError('INVALID_SCORE', 'Scores and times must be finite numbers')
  return String(score)
}

/**
 * A duration for `PEXPIRE`/`SET PX`: a positive whole number of milliseconds (fractions round up).
 * @throws ValidationError `INVALID_DURATION` when it is not a positive finite number.
 */
export function positiveMs(ms: number, name: string): string {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new ValidationError('INVALID_DURATION', `${name} must be a positive number of milliseconds`)
  }
  return String(Math.ceil(ms))
}

/**
 * A string reply (bulk strings arrive as strings from both transports).
 * @throws UpstreamError `STORE_CORRUPT` for anything else.
 */
export function replyString(reply: unknown): string {
  if (typeof reply === 'string') return reply
  if (typeof reply === 'number') return String(reply)
  throw new UpstreamError('STORE_CORRUPT', `The store answered ${typeof reply} where a string was expected`)
}

/**
 * An integer reply (or a bulk string holding one).
 * @throws UpstreamError `STORE_CORRUPT` when it is not a number.
 */
export function replyNumber(reply: unknown): number {
  const value = typeof reply === 'string' ? Number(reply) : reply
  if (typeof value === 'number' && Number.isFinite(value)) return value
  throw new UpstreamError('STORE_CORRUPT', `The store answered ${typeof reply} where a number was expected`)
}
