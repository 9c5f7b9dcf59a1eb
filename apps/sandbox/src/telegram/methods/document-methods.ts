/**
 * @module `sendDocument`: an uploaded file (multipart) or a `file_id` the bot got before. URLs are refused,
 * because the sandbox has no network to fetch them from.
 * @see https://core.telegram.org/bots/api#senddocument
 */
import { badRequest } from '../bot-api-error.ts'
import { parseCaption } from '../formatted-text.ts'
import { readChatId, readJson, readString } from '../params.ts'
import { parseReplyMarkup } from '../reply-markup.ts'
import type { SandboxState, StoredFile } from '../sandbox-state.ts'
import type { BotApiMethod } from './method-types.ts'
import { findReplyTarget, storeBotMessage, takeRateLimit } from './outgoing-message.ts'

/** Largest upload the Bot API accepts (50 MB). */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024

async function storeUpload(state: SandboxState, file: File): Promise<StoredFile> {
  if (file.size > MAX_UPLOAD_BYTES) throw badRequest('file is too big')
  const sequence = state.files.size + 1
  const stored: StoredFile = {
    document: {
      file_id: `BQACAgIAAxkBAAI${String(sequence).padStart(6, '0')}sandbox`,
      file_unique_id: `AgAD${String(sequence).padStart(6, '0')}`,
      file_name: file.name || 'document',
      mime_type: file.type || 'application/octet-stream',
      file_size: file.size,
    },
    bytes: new Uint8Array(await file.arrayBuffer()),
  }
  state.files.set(stored.document.file_id, stored)
  return stored
}

/** `sendDocument`: a document message with an optional caption and keyboard. */
export const sendDocument: BotApiMethod = async (state, params) => {
  const chatId = readChatId(params)
  state.recipient(chatId)
  const caption = parseCaption(
    readString(params, 'caption'),
    readString(params, 'parse_mode'),
    readJson(params, 'caption_entities', 'entities JSON object'),
  )
  const markup = parseReplyMarkup(readJson(params, 'reply_markup', 'reply keyboard markup JSON object'))
  const replyTo = findReplyTarget(state, chatId, params)
  const raw = params.document
  let stored: StoredFile | undefined
  if (raw instanceof File) stored = await storeUpload(state, raw)
  else if (typeof raw === 'string' && raw !== '') {
    stored = state.files.get(raw)
    if (!stored) throw badRequest('wrong file identifier/HTTP URL specified')
  } else throw badRequest('there is no document in the request')
  takeRateLimit(state, chatId)
  const content = { document: stored.document, ...(caption ? { caption } : {}) }
  return storeBotMessage(state, chatId, content, markup, replyTo).message
}
