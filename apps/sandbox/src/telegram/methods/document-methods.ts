/**
 * @module `sendDocument` and `sendPhoto`: one file with an optional caption and keyboard (see `input-files.ts`
 * for how the file is taken).
 * @see https://core.telegram.org/bots/api#senddocument
 * @see https://core.telegram.org/bots/api#sendphoto
 */
import { parseCaption } from '../formatted-text.ts'
import { readChatId, readJson, readString, type BotApiParams } from '../params.ts'
import { parseReplyMarkup } from '../reply-markup.ts'
import type { SandboxState } from '../sandbox-state.ts'
import { takeInputFile } from './input-files.ts'
import type { BotApiMethod } from './method-types.ts'
import { findReplyTarget, storeBotMessage, takeRateLimit } from './outgoing-message.ts'

async function sendFile(state: SandboxState, params: BotApiParams, kind: 'document' | 'photo') {
  const chatId = readChatId(params)
  state.recipient(chatId)
  const caption = parseCaption(
    readString(params, 'caption'),
    readString(params, 'parse_mode'),
    readJson(params, 'caption_entities', 'entities JSON object'),
  )
  const markup = parseReplyMarkup(readJson(params, 'reply_markup', 'reply keyboard markup JSON object'))
  const replyTo = findReplyTarget(state, chatId, params)
  const stored = await takeInputFile(state, params, params[kind], kind)
  takeRateLimit(state, chatId)
  const file = kind === 'photo' ? { photo: stored.photo! } : { document: stored.document! }
  return storeBotMessage(state, chatId, { ...file, ...(caption ? { caption } : {}) }, markup, replyTo).message
}

/** `sendDocument`: a document message with an optional caption and keyboard. */
export const sendDocument: BotApiMethod = (state, params) => sendFile(state, params, 'document')

/** `sendPhoto`: a photo message (with its preview sizes) with an optional caption and keyboard. */
export const sendPhoto: BotApiMethod = (state, params) => sendFile(state, params, 'photo')
