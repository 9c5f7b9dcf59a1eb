/**
 * @module `sendMediaGroup`: 2–10 photos (an album) or 2–10 documents sent as one group; documents group only with
 * documents. Every item becomes a message of its own sharing one `media_group_id`, and the answer is the array of
 * them, as Telegram returns it. The group counts once against the chat's flood limit (the Bot API documents no
 * per-item rule).
 * @see https://core.telegram.org/bots/api#sendmediagroup
 * @see https://core.telegram.org/bots/api#inputmediaphoto
 */
import { badRequest } from '../bot-api-error.ts'
import { parseCaption } from '../formatted-text.ts'
import { readChatId, readJson } from '../params.ts'
import type { FormattedText } from '../html-entities.ts'
import type { StoredFile } from '../sandbox-state.ts'
import { takeInputFile } from './input-files.ts'
import type { BotApiMethod } from './method-types.ts'
import { findReplyTarget, storeBotMessage, takeRateLimit } from './outgoing-message.ts'

interface InputMedia {
  type?: unknown
  media?: unknown
  caption?: unknown
  parse_mode?: unknown
  caption_entities?: unknown
}

const groupTypes = ['photo', 'document'] as const

function readMedia(raw: unknown): InputMedia[] {
  if (!Array.isArray(raw)) throw badRequest("can't parse media JSON object")
  if (raw.length < 2 || raw.length > 10) throw badRequest('wrong number of media in the group: 2-10 expected')
  const items = raw as InputMedia[]
  const types = new Set(items.map((item) => item.type))
  for (const type of types) {
    if (!groupTypes.includes(type as (typeof groupTypes)[number]))
      throw badRequest(`unsupported media type "${String(type)}"`)
  }
  if (types.has('document') && types.size > 1) {
    throw badRequest('documents can be only grouped in an album with messages of the same type')
  }
  return items
}

/** `sendMediaGroup`: the messages of the group, in order. */
export const sendMediaGroup: BotApiMethod = async (state, params) => {
  const chatId = readChatId(params)
  state.recipient(chatId)
  const items = readMedia(readJson(params, 'media', 'media JSON object'))
  const replyTo = findReplyTarget(state, chatId, params)
  const taken: { kind: 'photo' | 'document'; stored: StoredFile; caption: FormattedText | undefined }[] = []
  for (const item of items) {
    const kind = item.type as 'photo' | 'document'
    const caption = parseCaption(
      typeof item.caption === 'string' ? item.caption : undefined,
      typeof item.parse_mode === 'string' ? item.parse_mode : undefined,
      item.caption_entities,
    )
    taken.push({ kind, stored: await takeInputFile(state, params, item.media, kind), caption })
  }
  takeRateLimit(state, chatId)
  const mediaGroupId = String(13_000_000_000_000_000 + state.calls.length)
  return taken.map(({ kind, stored, caption }) => {
    const file = kind === 'photo' ? { photo: stored.photo! } : { document: stored.document! }
    const content = { ...file, mediaGroupId, ...(caption ? { caption } : {}) }
    return storeBotMessage(state, chatId, content, {}, replyTo).message
  })
}
