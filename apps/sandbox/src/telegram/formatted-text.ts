/**
 * @module Message text and caption checks: parse mode, Telegram's length limits (counted after entities are
 * parsed, in UTF-16 code units as Telegram counts them) and the exact refusals.
 * @see https://core.telegram.org/bots/api#formatting-options
 */
import { badRequest } from './bot-api-error.ts'
import { type FormattedText, HtmlEntitiesError, parseHtmlEntities } from './html-entities.ts'
import type { TgMessageEntity } from './wire-types.ts'

/** Longest message text Telegram accepts. */
export const MAX_TEXT_LENGTH = 4096
/** Longest caption Telegram accepts. */
export const MAX_CAPTION_LENGTH = 1024

/**
 * Keeps the well-formed entities given explicitly (`entities`, `caption_entities`) that fit in the text.
 * @throws BotApiError 400 `can't parse entities JSON object` when the value is not an array.
 */
function explicitEntities(text: string, raw: unknown): TgMessageEntity[] {
  if (raw === undefined) return []
  if (!Array.isArray(raw)) throw badRequest("can't parse entities JSON object")
  return raw.filter(
    (e: Partial<TgMessageEntity> | null): e is TgMessageEntity =>
      typeof e?.type === 'string' &&
      Number.isInteger(e.offset) &&
      Number.isInteger(e.length) &&
      e.offset! >= 0 &&
      e.length! > 0 &&
      e.offset! + e.length! <= text.length,
  )
}

/**
 * Parses `text` in `parseMode` (none or `HTML`) into plain text and entities; without a parse mode, the
 * explicitly given `entities` are used.
 * @throws BotApiError 400 `unsupported parse_mode` for other modes (Markdown is not emulated),
 *   `can't parse entities: …` for bad HTML.
 */
export function parseFormattedText(text: string, parseMode: string | undefined, entities?: unknown): FormattedText {
  if (parseMode === undefined || parseMode === '') return { text, entities: explicitEntities(text, entities) }
  if (parseMode.toLowerCase() !== 'html') throw badRequest('unsupported parse_mode')
  try {
    return parseHtmlEntities(text)
  } catch (error) {
    if (error instanceof HtmlEntitiesError) {
      throw Object.assign(badRequest(`can't parse entities: ${error.message}`), { cause: error })
    }
    throw error
  }
}

/**
 * Checks and parses a message text (`sendMessage`, `editMessageText`).
 * @throws BotApiError 400 `message text is empty`, `message is too long`, or a parse error.
 */
export function parseMessageText(
  text: string | undefined,
  parseMode: string | undefined,
  entities?: unknown,
): FormattedText {
  if (text === undefined || text.trim() === '') throw badRequest('message text is empty')
  const parsed = parseFormattedText(text, parseMode, entities)
  if (parsed.text.trim() === '') throw badRequest('message text is empty')
  if (parsed.text.length > MAX_TEXT_LENGTH) throw badRequest('message is too long')
  return parsed
}

/**
 * Checks and parses an optional caption (`sendDocument`).
 * @throws BotApiError 400 `message caption is too long`, or a parse error.
 */
export function parseCaption(
  caption: string | undefined,
  parseMode: string | undefined,
  entities?: unknown,
): FormattedText | undefined {
  if (caption === undefined || caption === '') return undefined
  const parsed = parseFormattedText(caption, parseMode, entities)
  if (parsed.text.length > MAX_CAPTION_LENGTH) throw badRequest('message caption is too long')
  return parsed
}
