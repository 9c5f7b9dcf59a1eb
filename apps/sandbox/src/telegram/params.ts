/**
 * @module Readers for Bot API method parameters. A parameter arrives typed in a JSON body or as a string in a
 * query, form or multipart body (objects then JSON-encoded), so every reader accepts both, as Telegram does.
 */
import { badRequest } from './bot-api-error.ts'

/** The parameters of one Bot API call, whatever the body encoding. */
export type BotApiParams = Record<string, unknown>

/** A string parameter (numbers are stringified), or undefined when absent. */
export function readString(params: BotApiParams, name: string): string | undefined {
  const value = params[name]
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

/** An integer parameter, undefined when absent, NaN when present but not an integer. */
export function readInteger(params: BotApiParams, name: string): number | undefined {
  const value = params[name]
  if (value === undefined || value === null || value === '') return undefined
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN
  return Number.isSafeInteger(n) ? n : NaN
}

/** A boolean parameter (`true`, `"true"`, `"1"`), false when absent. */
export function readBoolean(params: BotApiParams, name: string): boolean {
  const value = params[name]
  return value === true || value === 'true' || value === '1' || value === 1
}

/**
 * A JSON-valued parameter (an object in a JSON body, a JSON string elsewhere), undefined when absent.
 * @throws BotApiError 400 `can't parse <what>` when the string is not JSON.
 */
export function readJson(params: BotApiParams, name: string, what: string): unknown {
  const value = params[name]
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value) as unknown
  } catch (error) {
    throw Object.assign(badRequest(`can't parse ${what}`), { cause: error })
  }
}

/**
 * The `chat_id` parameter as a number.
 * @throws BotApiError 400 `chat_id is empty` when absent, `chat not found` when not a known numeric id.
 */
export function readChatId(params: BotApiParams): number {
  const chatId = readInteger(params, 'chat_id')
  if (chatId === undefined || chatId === 0) throw badRequest('chat_id is empty')
  if (Number.isNaN(chatId)) throw badRequest('chat not found')
  return chatId
}

/**
 * The `message_id` parameter as a number.
 * @throws BotApiError 400 `message identifier is not specified` when absent or not an integer.
 */
export function readMessageId(params: BotApiParams): number {
  const messageId = readInteger(params, 'message_id')
  if (messageId === undefined || Number.isNaN(messageId)) throw badRequest('message identifier is not specified')
  return messageId
}
