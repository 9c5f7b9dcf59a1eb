/**
 * @module Turns telegraf failures into our errors, keeping grammY's split between "Telegram said no"
 * (`TelegramError`) and "no answer" (a network failure): 429 → RateLimitedError with `retry_after`, 403 (bot
 * blocked) → PermissionError `TELEGRAM_BOT_BLOCKED`, other 4xx → ValidationError `TELEGRAM_REFUSED`, 5xx and
 * network failures → UpstreamError.
 * @see https://core.telegram.org/bots/api#making-requests
 */
import { TelegramError } from 'telegraf'
import { AppError, PermissionError, RateLimitedError, UpstreamError, ValidationError } from '../../ports/errors.ts'

/** True for `400 Bad Request: message is not modified` (an identical edit: harmless, counts as done). */
export function isNotModified(error: unknown): boolean {
  return error instanceof TelegramError && error.code === 400 && /message is not modified/i.test(error.description)
}

/** True when the user blocked the bot or never started it (sends to them fail with 403). */
export function isBlockedByUser(error: unknown): boolean {
  return error instanceof PermissionError && error.code === 'TELEGRAM_BOT_BLOCKED'
}

/** Maps a failure of a Bot API call to an {@link AppError} (already mapped errors pass through). */
export function toAppError(error: unknown, method: string): AppError {
  if (error instanceof AppError) return error
  if (error instanceof TelegramError) {
    const details = { method, error_code: error.code, description: error.description }
    if (error.code === 429) {
      const retryAfterMs = (error.parameters?.retry_after ?? 1) * 1000
      return new RateLimitedError('TELEGRAM_RATE_LIMITED', 'Telegram asks to slow down', retryAfterMs, {
        details,
        cause: error,
      })
    }
    if (error.code === 403) {
      return new PermissionError('TELEGRAM_BOT_BLOCKED', 'The user blocked the bot', { details, cause: error })
    }
    if (error.code < 500) {
      return new ValidationError('TELEGRAM_REFUSED', `Telegram refused ${method}`, { details, cause: error })
    }
    return new UpstreamError('TELEGRAM_FAILED', `Telegram failed on ${method}`, { details, cause: error })
  }
  return new UpstreamError('TELEGRAM_UNREACHABLE', `Telegram did not answer ${method}`, { cause: error })
}

/** Runs one Bot API call and maps its failure with {@link toAppError}. */
export async function callTelegram<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw toAppError(error, method)
  }
}
