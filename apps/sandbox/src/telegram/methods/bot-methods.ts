/**
 * @module `getMe`, `setMyCommands`, `getMyCommands`, `deleteMyCommands` and `answerCallbackQuery`.
 * @see https://core.telegram.org/bots/api#available-methods
 */
import { badRequest } from '../bot-api-error.ts'
import { type BotApiParams, readBoolean, readInteger, readJson, readString } from '../params.ts'
import type { TgBotCommand } from '../wire-types.ts'
import type { BotApiMethod } from './method-types.ts'

/** `getMe`: the bot's user. */
export const getMe: BotApiMethod = (state) => state.bot

/** The key commands are stored under: scope type (plus chat) and language. */
function commandsKey(params: BotApiParams): string {
  const scope = readJson(params, 'scope', 'BotCommandScope JSON object') as
    { type?: string; chat_id?: number } | undefined
  return `${scope?.type ?? 'default'}:${scope?.chat_id ?? ''}:${readString(params, 'language_code') ?? ''}`
}

function parseCommands(raw: unknown): TgBotCommand[] {
  if (!Array.isArray(raw)) throw badRequest("can't parse commands JSON object")
  if (raw.length > 100) throw badRequest('too many commands specified')
  return raw.map((item: unknown) => {
    const { command, description } = (item ?? {}) as { command?: unknown; description?: unknown }
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID')
    if (typeof description !== 'string' || description.length < 1 || description.length > 256) {
      throw badRequest('command description must be 1-256 characters long')
    }
    return { command, description }
  })
}

/** `setMyCommands`: stores the command list for a scope and language. */
export const setMyCommands: BotApiMethod = (state, params) => {
  const commands = parseCommands(readJson(params, 'commands', 'commands JSON object'))
  state.commands.set(commandsKey(params), commands)
  return true
}

/** `getMyCommands`: the command list of a scope and language (empty when never set). */
export const getMyCommands: BotApiMethod = (state, params) => state.commands.get(commandsKey(params)) ?? []

/** `deleteMyCommands`: forgets the command list of a scope and language. */
export const deleteMyCommands: BotApiMethod = (state, params) => {
  state.commands.delete(commandsKey(params))
  return true
}

/** `answerCallbackQuery`: records the answer (toast or alert) once, within the answer window. */
export const answerCallbackQuery: BotApiMethod = (state, params) => {
  const id = readString(params, 'callback_query_id')
  if (id === undefined || id === '') throw badRequest('callback_query_id is empty')
  const text = readString(params, 'text')
  if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG')
  const url = readString(params, 'url')
  const cacheTime = readInteger(params, 'cache_time')
  const record = state.callbacks.answer(id, {
    show_alert: readBoolean(params, 'show_alert'),
    ...(text === undefined ? {} : { text }),
    ...(url === undefined ? {} : { url }),
    ...(cacheTime === undefined || Number.isNaN(cacheTime) ? {} : { cache_time: cacheTime }),
  })
  state.emit({ type: 'callback_answer', chatId: record.chatId, record })
  return true
}
