/**
 * @module `sendMessage`, `editMessageText`, `editMessageReplyMarkup` and `deleteMessage`.
 * @see https://core.telegram.org/bots/api#sendmessage
 * @see https://core.telegram.org/bots/api#updating-messages
 */
import { badRequest } from '../bot-api-error.ts'
import type { ChatMessageRecord } from '../chat-log.ts'
import { parseMessageText } from '../formatted-text.ts'
import type { FormattedText } from '../html-entities.ts'
import { type BotApiParams, readChatId, readJson, readMessageId, readString } from '../params.ts'
import { parseEditReplyMarkup, parseReplyMarkup } from '../reply-markup.ts'
import type { SandboxState } from '../sandbox-state.ts'
import type { TgInlineKeyboardMarkup, TgMessage } from '../wire-types.ts'
import type { BotApiMethod } from './method-types.ts'
import { findReplyTarget, storeBotMessage, takeRateLimit } from './outgoing-message.ts'

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current ' +
  'content and reply markup of the message'

const readText = (params: BotApiParams): FormattedText =>
  parseMessageText(
    readString(params, 'text'),
    readString(params, 'parse_mode'),
    readJson(params, 'entities', 'entities JSON object'),
  )

/** `sendMessage`: a text message from the bot, with optional HTML, inline keyboard or force-reply. */
export const sendMessage: BotApiMethod = (state, params) => {
  const chatId = readChatId(params)
  state.recipient(chatId)
  const text = readText(params)
  const markup = parseReplyMarkup(readJson(params, 'reply_markup', 'reply keyboard markup JSON object'))
  const replyTo = findReplyTarget(state, chatId, params)
  takeRateLimit(state, chatId)
  return storeBotMessage(state, chatId, { text }, markup, replyTo).message
}

/**
 * The bot message an edit addresses.
 * @throws BotApiError 400 `message to edit not found`, `message can't be edited`.
 */
function editTarget(state: SandboxState, params: BotApiParams): { chatId: number; record: ChatMessageRecord } {
  if (readString(params, 'inline_message_id') !== undefined) {
    throw badRequest('inline messages are not emulated by the sandbox')
  }
  const chatId = readChatId(params)
  if (!state.users.has(chatId)) throw badRequest('chat not found')
  const record = state.chats.get(chatId)?.find(readMessageId(params))
  if (!record) throw badRequest('message to edit not found')
  if (record.sender !== 'bot') throw badRequest("message can't be edited")
  return { chatId, record }
}

const sameMarkup = (a: TgInlineKeyboardMarkup | undefined, b: TgInlineKeyboardMarkup | undefined): boolean =>
  JSON.stringify(a?.inline_keyboard ?? []) === JSON.stringify(b?.inline_keyboard ?? [])

/** Applies an edit unless it changes nothing; returns the edited message. */
function applyEdit(state: SandboxState, chatId: number, record: ChatMessageRecord, next: TgMessage): TgMessage {
  const current = record.message
  const isSameContent =
    next.text === current.text &&
    JSON.stringify(next.entities ?? []) === JSON.stringify(current.entities ?? []) &&
    sameMarkup(next.reply_markup, current.reply_markup)
  if (isSameContent) throw badRequest(NOT_MODIFIED)
  takeRateLimit(state, chatId)
  const edited = { ...next, edit_date: state.unixNow() }
  state.chatLog(chatId).edit(record, edited, edited.edit_date)
  state.emit({ type: 'chat', chatId })
  return edited
}

/** `editMessageText`: replaces the text (and the inline keyboard: none when `reply_markup` is absent). */
export const editMessageText: BotApiMethod = (state, params) => {
  const { chatId, record } = editTarget(state, params)
  const text = readText(params)
  const keyboard = parseEditReplyMarkup(readJson(params, 'reply_markup', 'inline keyboard markup JSON object'))
  if (record.message.text === undefined) throw badRequest('there is no text in the message to edit')
  const { entities: _entities, reply_markup: _markup, edit_date: _date, ...rest } = record.message
  const next: TgMessage = {
    ...rest,
    text: text.text,
    ...(text.entities.length > 0 ? { entities: text.entities } : {}),
    ...(keyboard ? { reply_markup: keyboard } : {}),
  }
  return applyEdit(state, chatId, record, next)
}

/** `editMessageReplyMarkup`: replaces or (without `reply_markup`) removes the inline keyboard. */
export const editMessageReplyMarkup: BotApiMethod = (state, params) => {
  const { chatId, record } = editTarget(state, params)
  const keyboard = parseEditReplyMarkup(readJson(params, 'reply_markup', 'inline keyboard markup JSON object'))
  const { reply_markup: _markup, edit_date: _date, ...rest } = record.message
  return applyEdit(state, chatId, record, { ...rest, ...(keyboard ? { reply_markup: keyboard } : {}) })
}

/** `deleteMessage`: removes a message (the bot's or the user's) from the chat; the history keeps it. */
export const deleteMessage: BotApiMethod = (state, params) => {
  const chatId = readChatId(params)
  if (!state.users.has(chatId)) throw badRequest('chat not found')
  const log = state.chats.get(chatId)
  const record = log?.find(readMessageId(params))
  if (!log || !record) throw badRequest('message to delete not found')
  log.remove(record, state.unixNow())
  state.emit({ type: 'chat', chatId })
  return true
}
