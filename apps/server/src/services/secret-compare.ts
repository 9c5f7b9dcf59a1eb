/**
 * @module Constant-time comparison of secrets (application_token, outgoing-webhook token, Telegram secret
 * token): the one helper for it, so a mismatch never leaks by timing how many leading characters matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * True when `given` equals `expected`, compared in constant time. Both are hashed first, so neither the length
 * nor the content of the expected secret leaks by timing. An empty or missing `given` is never equal.
 */
export function isSameSecret(given: string | undefined | null, expected: string): boolean {
  if (!given || !expected) return false
  const a = createHash('sha256').update(given, 'utf8').digest()
  const b = createHash('sha256').update(expected, 'utf8').digest()
  return timingSafeEqual(a, b)
}
