/**
 * @module The Bot API wire shapes the sandbox reads and writes, with Telegram's own snake_case field names.
 * Only the fields the sandbox models are listed.
 * @see https://core.telegram.org/bots/api#available-types
 */

/** A Telegram user or bot. */
export interface TgUser {
  id: number
  is_bot: boolean
  first_name: string
  last_name?: string
  username?: string
  language_code?: string
}

/** The bot's own user, as `getMe` returns it. */
export interface TgBotUser extends TgUser {
  can_join_groups: boolean
  can_read_all_group_messages: boolean
  supports_inline_queries: boolean
}

/** A private chat (the only kind the sandbox models). */
export interface TgChat {
  id: number
  type: 'private'
  first_name: string
  last_name?: string
  username?: string
}

/** A formatting entity; offsets and lengths are in UTF-16 code units. */
export interface TgMessageEntity {
  type: string
  offset: number
  length: number
  url?: string
  language?: string
  custom_emoji_id?: string
  user?: TgUser
}

/** A button of an inline keyboard. */
export interface TgInlineKeyboardButton {
  text: string
  callback_data?: string
  url?: string
}

/** An inline keyboard attached to a message. */
export interface TgInlineKeyboardMarkup {
  inline_keyboard: TgInlineKeyboardButton[][]
}

/** Asks the client to show a reply interface, as if the user chose "Reply". */
export interface TgForceReply {
  force_reply: true
  input_field_placeholder?: string
  selective?: boolean
}

/** A document attached to a message. */
export interface TgDocument {
  file_id: string
  file_unique_id: string
  file_name?: string
  mime_type?: string
  file_size?: number
}

/** One size of a photo; Telegram keeps several, smallest first. */
export interface TgPhotoSize {
  file_id: string
  file_unique_id: string
  width: number
  height: number
  file_size?: number
}

/** A message, as the Bot API returns it and delivers it in updates. */
export interface TgMessage {
  message_id: number
  from?: TgUser
  chat: TgChat
  date: number
  edit_date?: number
  text?: string
  entities?: TgMessageEntity[]
  caption?: string
  caption_entities?: TgMessageEntity[]
  document?: TgDocument
  photo?: TgPhotoSize[]
  /** Shared by the messages of one album (`sendMediaGroup`). */
  media_group_id?: string
  reply_to_message?: TgMessage
  reply_markup?: TgInlineKeyboardMarkup
}

/** A press on an inline button. */
export interface TgCallbackQuery {
  id: string
  from: TgUser
  message?: TgMessage
  chat_instance: string
  data?: string
}

/** A chat member's status, as in `my_chat_member` updates. */
export interface TgChatMember {
  user: TgUser
  status: 'member' | 'kicked'
  until_date?: number
}

/** The bot's membership in a chat changed (for private chats: the user blocked or unblocked the bot). */
export interface TgChatMemberUpdated {
  chat: TgChat
  from: TgUser
  date: number
  old_chat_member: TgChatMember
  new_chat_member: TgChatMember
}

/** An incoming update. Exactly one of the optional fields is present. */
export interface TgUpdate {
  update_id: number
  message?: TgMessage
  callback_query?: TgCallbackQuery
  my_chat_member?: TgChatMemberUpdated
}

/** The kinds of update the sandbox produces (a subset of `allowed_updates` values). */
export type TgUpdateType = 'message' | 'callback_query' | 'my_chat_member'

/** A bot command, as set by `setMyCommands`. */
export interface TgBotCommand {
  command: string
  description: string
}

/** The answer of `getWebhookInfo`. */
export interface TgWebhookInfo {
  url: string
  has_custom_certificate: boolean
  pending_update_count: number
  max_connections?: number
  allowed_updates?: string[]
  last_error_date?: number
  last_error_message?: string
  ip_address?: string
}
