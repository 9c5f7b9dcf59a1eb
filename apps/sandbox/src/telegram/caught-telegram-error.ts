/** @module A test helper: the `TelegramError` a telegraf call rejects with. */
import { TelegramError } from 'telegraf'

/**
 * Awaits `promise` and returns the `TelegramError` it rejected with.
 * @throws Error when it resolved or rejected with something else, so the test fails.
 */
export async function caughtTelegramError(promise: Promise<unknown>): Promise<TelegramError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof TelegramError)) throw new Error(`expected a TelegramError, got ${String(error)}`)
  return error
}
