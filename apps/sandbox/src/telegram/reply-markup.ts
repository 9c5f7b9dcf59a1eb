/**
 * @module `reply_markup` shape checks: inline keyboards (with Telegram's `BUTTON_DATA_INVALID` for
 * `callback_data` outside 1–64 bytes), force-reply prompts, and reply keyboards (accepted, not rendered).
 * @see https://core.telegram.org/bots/api#inlinekeyboardmarkup
 */
import { badRequest } from './bot-api-error.ts'
import type { TgForceReply, TgInlineKeyboardButton, TgInlineKeyboardMarkup } from './wire-types.ts'

/** Longest `callback_data`, in bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64
/** Most buttons Telegram accepts in one inline keyboard. */
export const MAX_INLINE_BUTTONS = 100

/** What a message keeps of a valid `reply_markup`. */
export interface ParsedReplyMarkup {
  inlineKeyboard?: TgInlineKeyboardMarkup
  forceReply?: TgForceReply
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const buttonError = (detail: string) => badRequest(`can't parse inline keyboard button: ${detail}`)

function parseButton(raw: unknown): TgInlineKeyboardButton {
  if (!isObject(raw)) throw buttonError('InlineKeyboardButton must be an Object')
  if (typeof raw.text !== 'string') throw buttonError('Field "text" must be of type String')
  const button: TgInlineKeyboardButton = { text: raw.text }
  if (typeof raw.callback_data === 'string' && raw.callback_data !== '') {
    if (Buffer.byteLength(raw.callback_data, 'utf8') > MAX_CALLBACK_DATA_BYTES) throw badRequest('BUTTON_DATA_INVALID')
    button.callback_data = raw.callback_data
  } else if (typeof raw.url === 'string' && raw.url !== '') {
    if (!/^(https?|tg):\/\/\S+$/i.test(raw.url)) throw badRequest(`inline keyboard button URL '${raw.url}' is invalid`)
    button.url = raw.url
  } else {
    throw buttonError('Text buttons are unallowed in the inline keyboard')
  }
  return button
}

/**
 * Validates an inline keyboard and keeps only the fields the sandbox models (telegraf's `hide` is dropped).
 * @throws BotApiError 400 for a wrong shape, a text-only button, `BUTTON_DATA_INVALID` or too many buttons.
 */
export function parseInlineKeyboard(raw: Record<string, unknown>): TgInlineKeyboardMarkup {
  const rows = raw.inline_keyboard
  const shapeError = () =>
    badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays')
  if (!Array.isArray(rows)) throw shapeError()
  const keyboard = rows.map((row: unknown) => {
    if (!Array.isArray(row)) throw shapeError()
    return row.map(parseButton)
  })
  if (keyboard.flat().length > MAX_INLINE_BUTTONS) throw badRequest('reply markup is too long')
  return { inline_keyboard: keyboard }
}

/**
 * Validates a `reply_markup` of `sendMessage`/`sendDocument`.
 * @throws BotApiError 400 `can't parse reply keyboard markup JSON object` for anything that is no markup.
 */
export function parseReplyMarkup(raw: unknown): ParsedReplyMarkup {
  if (raw === undefined) return {}
  if (!isObject(raw)) throw badRequest("can't parse reply keyboard markup JSON object")
  if ('inline_keyboard' in raw) return { inlineKeyboard: parseInlineKeyboard(raw) }
  if ('force_reply' in raw) {
    const placeholder = raw.input_field_placeholder
    if (placeholder !== undefined && (typeof placeholder !== 'string' || placeholder.length > 64)) {
      throw badRequest('field "input_field_placeholder" must be a string of at most 64 characters')
    }
    return {
      forceReply: {
        force_reply: true,
        ...(typeof placeholder === 'string' ? { input_field_placeholder: placeholder } : {}),
      },
    }
  }
  if ('keyboard' in raw || 'remove_keyboard' in raw) return {}
  throw badRequest("can't parse reply keyboard markup JSON object")
}

/**
 * Validates the `reply_markup` of an edit, which may only be an inline keyboard.
 * @throws BotApiError 400 as {@link parseInlineKeyboard}, or `can't parse inline keyboard markup JSON object`.
 */
export function parseEditReplyMarkup(raw: unknown): TgInlineKeyboardMarkup | undefined {
  if (raw === undefined) return undefined
  if (!isObject(raw) || !('inline_keyboard' in raw)) throw badRequest("can't parse inline keyboard markup JSON object")
  return parseInlineKeyboard(raw)
}
