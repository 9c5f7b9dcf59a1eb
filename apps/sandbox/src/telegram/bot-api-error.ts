/**
 * @module Refusals of the sandbox Bot API: one error class carrying Telegram's `error_code`, `description` and
 * `parameters`, and factories that spell the descriptions the way api.telegram.org does.
 */

/** Optional `parameters` of a Bot API error (`retry_after` on 429). */
export interface BotApiErrorParameters {
  retry_after?: number
  migrate_to_chat_id?: number
}

/** A Bot API refusal; the routes turn it into `{"ok":false,"error_code","description","parameters"}`. */
export class BotApiError extends Error {
  readonly errorCode: number
  readonly description: string
  readonly parameters?: BotApiErrorParameters

  constructor(errorCode: number, description: string, parameters?: BotApiErrorParameters) {
    super(description)
    this.name = 'BotApiError'
    this.errorCode = errorCode
    this.description = description
    if (parameters !== undefined) this.parameters = parameters
  }

  /** The wire envelope Telegram answers with. */
  toEnvelope(): { ok: false; error_code: number; description: string; parameters?: BotApiErrorParameters } {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters === undefined ? {} : { parameters: this.parameters }),
    }
  }
}

/** `400 Bad Request: <detail>`. */
export const badRequest = (detail: string): BotApiError => new BotApiError(400, `Bad Request: ${detail}`)

/** `403 Forbidden: <detail>`, e.g. `bot was blocked by the user`. */
export const forbidden = (detail: string): BotApiError => new BotApiError(403, `Forbidden: ${detail}`)

/** `409 Conflict: <detail>`. */
export const conflict = (detail: string): BotApiError => new BotApiError(409, `Conflict: ${detail}`)

/** `401 Unauthorized` for an unknown bot token. */
export const unauthorized = (): BotApiError => new BotApiError(401, 'Unauthorized')

/** `404 Not Found` for an unknown method. */
export const methodNotFound = (): BotApiError => new BotApiError(404, 'Not Found')

/** `429 Too Many Requests: retry after N` with `parameters.retry_after`. */
export const tooManyRequests = (retryAfterSeconds: number): BotApiError =>
  new BotApiError(429, `Too Many Requests: retry after ${retryAfterSeconds}`, { retry_after: retryAfterSeconds })

/** The description Telegram gives for an unknown, answered or expired callback query. */
export const QUERY_ID_INVALID = 'query is too old and response timeout expired or query ID is invalid'
