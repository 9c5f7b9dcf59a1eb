/** @module What the phone view shows of the sandbox: users with a last-message preview, and one chat's messages. */
import type { ChatMessageRecord } from '../chat-log.ts'
import type { SandboxState } from '../sandbox-state.ts'
import type { TgPhotoSize } from '../wire-types.ts'
import { renderMessageHtml } from './message-html.ts'

/** A user row of the phone view. */
export interface ViewUser {
  id: number
  name: string
  username?: string
  language_code?: string
  isBlocked: boolean
  hasStarted: boolean
  preview: string
  messageCount: number
}

/** A message bubble of the phone view. */
export interface ViewMessage {
  message_id: number
  sender: 'bot' | 'user'
  html: string
  date: number
  isEdited: boolean
  isDeleted: boolean
  keyboard: Array<Array<{ text: string; url?: string }>>
  forceReplyPlaceholder?: string
  replyTo?: { message_id: number; preview: string }
  document?: { file_name: string; file_size: number; url: string }
  /** The photo's largest size, served by the phone view. */
  photo?: { url: string; width: number; height: number }
  /** Set on the messages of one album, which the view shows together. */
  mediaGroupId?: string
}

/** Where the phone view serves a sent file's bytes. */
export const fileUrl = (fileId: string) => `/_sandbox/files/${encodeURIComponent(fileId)}`

const previewOf = (record: ChatMessageRecord | undefined): string =>
  (
    record?.message.text ??
    record?.message.caption ??
    (record?.message.document ? '📎 document' : record?.message.photo ? '🖼 photo' : '')
  ).slice(0, 80)

const largest = (sizes: TgPhotoSize[]) => {
  const size = sizes.at(-1)!
  return { url: fileUrl(size.file_id), width: size.width, height: size.height }
}

/** The user list, in seed order. */
export function viewUsers(state: SandboxState): ViewUser[] {
  return [...state.users.values()].map(({ user, isBlocked, hasStarted }) => {
    const visible =
      state.chats
        .get(user.id)
        ?.history()
        .filter((r) => r.deletedAt === undefined) ?? []
    return {
      id: user.id,
      name: [user.first_name, user.last_name].filter(Boolean).join(' '),
      ...(user.username ? { username: user.username } : {}),
      ...(user.language_code ? { language_code: user.language_code } : {}),
      isBlocked,
      hasStarted,
      preview: previewOf(visible.at(-1)),
      messageCount: visible.length,
    }
  })
}

/** One chat's messages, deleted ones kept as tombstones. */
export function viewChat(state: SandboxState, chatId: number): ViewMessage[] {
  return (state.chats.get(chatId)?.history() ?? []).map((record) => {
    const { message } = record
    const html =
      message.text !== undefined
        ? renderMessageHtml(message.text, message.entities)
        : renderMessageHtml(message.caption ?? '', message.caption_entities)
    return {
      message_id: message.message_id,
      sender: record.sender,
      html,
      date: message.date,
      isEdited: record.versions.length > 1,
      isDeleted: record.deletedAt !== undefined,
      keyboard: (message.reply_markup?.inline_keyboard ?? []).map((row) =>
        row.map((b) => ({ text: b.text, ...(b.url ? { url: b.url } : {}) })),
      ),
      ...(record.forceReply ? { forceReplyPlaceholder: record.forceReply.input_field_placeholder ?? '' } : {}),
      ...(message.reply_to_message
        ? {
            replyTo: {
              message_id: message.reply_to_message.message_id,
              preview: previewOf({ ...record, message: message.reply_to_message }),
            },
          }
        : {}),
      ...(message.document
        ? {
            document: {
              file_name: message.document.file_name ?? 'document',
              file_size: message.document.file_size ?? 0,
              url: fileUrl(message.document.file_id),
            },
          }
        : {}),
      ...(message.photo?.length ? { photo: largest(message.photo) } : {}),
      ...(message.media_group_id ? { mediaGroupId: message.media_group_id } : {}),
    }
  })
}
