/**
 * @module How a message from the bot enters a chat: the recipient checks, the reply target, the flood limit,
 * then the stored message and the change event for the phone view.
 */
import { badRequest, tooManyRequests } from '../bot-api-error.ts'
import type { ChatMessageRecord } from '../chat-log.ts'
import type { FormattedText } from '../html-entities.ts'
import { type BotApiParams, readBoolean, readInteger, readJson } from '../params.ts'
import type { ParsedReplyMarkup } from '../reply-markup.ts'
import type { SandboxState } from '../sandbox-state.ts'
import type { TgDocument, TgMessage, TgPhotoSize } from '../wire-types.ts'

/** What the bot sends: a text, or a document or photo with an optional caption (in an album: its group id). */
export type OutgoingContent =
  | { text: FormattedText }
  | { document: TgDocument; caption?: FormattedText; mediaGroupId?: string }
  | { photo: TgPhotoSize[]; caption?: FormattedText; mediaGroupId?: string }

/**
 * The message a send replies to (`reply_parameters` or the older `reply_to_message_id`), if any.
 * @throws BotApiError 400 `message to be replied not found` unless `allow_sending_without_reply` is set.
 */
export function findReplyTarget(state: SandboxState, chatId: number, params: BotApiParams): TgMessage | undefined {
  const replyParameters = readJson(params, 'reply_parameters', 'reply parameters JSON object') as
    { message_id?: number; allow_sending_without_reply?: boolean } | undefined
  const messageId = replyParameters?.message_id ?? readInteger(params, 'reply_to_message_id')
  if (messageId === undefined || Number.isNaN(messageId)) return undefined
  const target = state.chats.get(chatId)?.find(messageId)
  const isAllowedWithout =
    replyParameters?.allow_sending_without_reply === true || readBoolean(params, 'allow_sending_without_reply')
  if (!target && !isAllowedWithout) throw badRequest('message to be replied not found')
  return target?.message
}

/**
 * Counts one message against the flood limits of `chatId`.
 * @throws BotApiError 429 `Too Many Requests: retry after N`.
 */
export function takeRateLimit(state: SandboxState, chatId: number): void {
  const retryAfter = state.limiter.take(chatId)
  if (retryAfter !== null) throw tooManyRequests(retryAfter)
}

/** Stores a bot message in the chat of `chatId` (already checked) and announces it. */
export function storeBotMessage(
  state: SandboxState,
  chatId: number,
  content: OutgoingContent,
  markup: ParsedReplyMarkup,
  replyTo: TgMessage | undefined,
): ChatMessageRecord {
  const user = state.users.get(chatId)!.user
  const log = state.chatLog(chatId)
  const message: TgMessage = {
    message_id: log.nextMessageId,
    from: { id: state.bot.id, is_bot: true, first_name: state.bot.first_name, username: state.bot.username! },
    chat: state.chatOf(user),
    date: state.unixNow(),
    ...('text' in content ? withText(content.text) : withFile(content)),
    ...(replyTo ? { reply_to_message: stripReply(replyTo) } : {}),
    ...(markup.inlineKeyboard ? { reply_markup: markup.inlineKeyboard } : {}),
  }
  const record = log.add(message, 'bot', markup.forceReply)
  state.emit({ type: 'chat', chatId })
  return record
}

/** A message as quoted in `reply_to_message` (Telegram does not nest quotes). */
export const stripReply = (message: TgMessage): TgMessage => {
  const { reply_to_message: _nested, ...rest } = message
  return rest
}

const withText = (text: FormattedText) => ({
  text: text.text,
  ...(text.entities.length > 0 ? { entities: text.entities } : {}),
})

const withFile = (content: Exclude<OutgoingContent, { text: FormattedText }>) => ({
  ...(content.mediaGroupId ? { media_group_id: content.mediaGroupId } : {}),
  ...('photo' in content ? { photo: content.photo } : { document: content.document }),
  ...withCaption(content.caption),
})

const withCaption = (caption: FormattedText | undefined) => ({
  ...(caption ? { caption: caption.text } : {}),
  ...(caption && caption.entities.length > 0 ? { caption_entities: caption.entities } : {}),
})
