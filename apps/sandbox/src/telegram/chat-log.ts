/**
 * @module One private chat's message history as the sandbox tracks it: every message with who sent it, each
 * version it went through (edits) and whether and when it was deleted.
 */
import type { TgForceReply, TgInlineKeyboardMarkup, TgMessage, TgMessageEntity } from './wire-types.ts'

/** Who wrote a message. */
export type MessageSender = 'bot' | 'user'

/** One version of a message's content. */
export interface MessageVersion {
  /** Unix time in seconds. */
  date: number
  text?: string
  entities?: TgMessageEntity[]
  caption?: string
  reply_markup?: TgInlineKeyboardMarkup
}

/** A message with its history. `message` is the current Bot API view of it. */
export interface ChatMessageRecord {
  message: TgMessage
  sender: MessageSender
  /** The force-reply prompt it was sent with (not part of the Bot API `Message`). */
  forceReply?: TgForceReply
  /** Original content first, then one entry per edit. */
  versions: MessageVersion[]
  /** Unix time in seconds when deleted. */
  deletedAt?: number
}

const versionOf = (message: TgMessage, date: number): MessageVersion => ({
  date,
  ...(message.text === undefined ? {} : { text: message.text }),
  ...(message.entities === undefined ? {} : { entities: message.entities }),
  ...(message.caption === undefined ? {} : { caption: message.caption }),
  ...(message.reply_markup === undefined ? {} : { reply_markup: message.reply_markup }),
})

/** The messages of one chat, in order. Message ids increase by one per message, starting at 1. */
export class ChatLog {
  private readonly records: ChatMessageRecord[] = []

  constructor(readonly chatId: number) {}

  /** The id the next message will get. */
  get nextMessageId(): number {
    return this.records.length + 1
  }

  /** Appends a message (its `message_id` must be {@link nextMessageId}). */
  add(message: TgMessage, sender: MessageSender, forceReply?: TgForceReply): ChatMessageRecord {
    const record: ChatMessageRecord = {
      message,
      sender,
      versions: [versionOf(message, message.date)],
      ...(forceReply ? { forceReply } : {}),
    }
    this.records.push(record)
    return record
  }

  /** A message that exists and is not deleted, or undefined. */
  find(messageId: number): ChatMessageRecord | undefined {
    const record = this.records[messageId - 1]
    return record && record.deletedAt === undefined ? record : undefined
  }

  /** Replaces a message's content, keeping the previous version in its history. */
  edit(record: ChatMessageRecord, next: TgMessage, date: number): void {
    record.message = next
    record.versions.push(versionOf(next, date))
  }

  /** Marks a message deleted. */
  remove(record: ChatMessageRecord, date: number): void {
    record.deletedAt = date
  }

  /** Every record, deleted ones included. */
  history(): ChatMessageRecord[] {
    return [...this.records]
  }

  /** The current messages (deleted ones left out), as the user sees them. */
  messages(): TgMessage[] {
    return this.records.filter((r) => r.deletedAt === undefined).map((r) => r.message)
  }
}
